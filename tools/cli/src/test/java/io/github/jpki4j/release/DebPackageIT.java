package io.github.jpki4j.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.RequiresToolsCondition;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as a user installs it: {@code dpkg -i}, then {@code jpki} from the PATH on the
 * package's own Java runtime, then {@code dpkg -r} leaves nothing behind. Uses the package that
 * {@code mvn -Pdeb package} left in target/, or builds one from the release archive with
 * src/deb/build.sh (a minute or two). Needs root, dpkg, fakeroot and the JDK's jpackage. After
 * installation jpki's classes come from the class-data archive postinst made, and {@code jpki
 * agent} runs with the agent's JVM options.
 */
@RequiresTools({
  ExternalTool.DPKG,
  ExternalTool.DPKG_DEB,
  ExternalTool.FAKEROOT,
  ExternalTool.JPACKAGE
})
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DebPackageIT {
  private static final String VERSION = System.getProperty("jpki.version");
  private static final Path ARCHIVE =
      Path.of(System.getProperty("jpki.archive", "target/jpki-" + VERSION + ".tar.gz"));
  private static final Path BUILD =
      Path.of(System.getProperty("jpki.debBuild", "src/deb/build.sh"));

  /**
   * Where the package puts jpki: asserted (found first on the PATH, gone after removal), never run
   * by this path; the test runs {@code jpki} from the PATH, as a user does.
   */
  private static final Path LAUNCHER = Path.of("/usr/bin/jpki");

  private static final Path INSTALLED = Path.of("/usr/lib/jpki");
  private static final Path COPYRIGHT = Path.of("/usr/share/doc/jpki/copyright");
  private static final Path CLASS_DATA = INSTALLED.resolve("app/jpki.jsa");
  private static final Duration BUILD_TIME = Duration.ofMinutes(10);

  @TempDir Path temp;

  @Test
  void installsRunsFromThePathAndRemovesCleanly() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      RequiresToolsCondition.skipOrFail("dpkg -i needs root");
    }
    TestProcess.Result status =
        TestProcess.of("dpkg-query", "-W", "-f=${Status}", "jpki").env(paths()).run();
    if (status.exit() == 0 && status.out().strip().equals("install ok installed")) {
      RequiresToolsCondition.skipOrFail(
          "a jpki package is installed on this machine, and the test would replace it");
    }
    Path deb = debianPackage();

    TestProcess.of("dpkg", "-i", deb.toString()).env(paths()).run().assertOk("dpkg -i");
    List<Path> files =
        TestProcess.of("dpkg", "-L", "jpki")
            .env(paths())
            .run()
            .assertOk("dpkg -L")
            .out()
            .lines()
            .map(Path::of)
            .filter(p -> p.startsWith(INSTALLED) || !Files.isDirectory(p))
            .toList();
    try {
      // jpki on the PATH, on the package's own runtime: no JAVA_HOME, no java on the PATH
      Path home = Files.createDirectories(temp.resolve("home"));
      TestProcess.Result which =
          TestProcess.of("sh", "-c", "command -v jpki").env(paths()).run().assertOk("which");
      assertEquals(LAUNCHER.toString(), which.out().strip());
      TestProcess.Result version =
          jpki(home, "--version").assertOk("jpki --version from the package");
      List<String> lines = version.out().lines().toList();
      assertEquals("jpki4j " + VERSION, lines.get(0), version::toString);
      assertTrue(lines.get(1).startsWith("built from "), version::toString);
      assertTrue(
          lines.get(2).contains("(") && lines.get(2).endsWith(", " + INSTALLED + "/runtime)"),
          version::toString);

      TestProcess.Result key =
          jpki(home, "--simulator=" + temp.resolve("card"), "ssh-key").assertOk("ssh-key");
      assertEquals(1, key.out().lines().count(), key::toString);
      assertTrue(key.out().startsWith("ssh-rsa AAAA"), key::toString);

      classesComeFromTheClassDataArchive(home);
      theAgentGetsTheAgentsJvmOptions(home);

      String copyright = Files.readString(COPYRIGHT);
      assertTrue(copyright.startsWith("Format: https://www.debian.org/"), copyright);
      assertTrue(copyright.contains("License: Apache-2.0"), copyright);
      assertTrue(Files.isRegularFile(INSTALLED.resolve("app/licenses/NOTICE")));
    } finally {
      TestProcess.of("dpkg", "-r", "jpki").env(paths()).run().assertOk("dpkg -r");
    }
    assertFalse(Files.exists(LAUNCHER), "dpkg -r left " + LAUNCHER);
    // the class-data archive postinst wrote included: prerm deletes it
    assertFalse(Files.exists(INSTALLED), "dpkg -r left " + INSTALLED);
    assertTrue(files.contains(LAUNCHER) && files.contains(COPYRIGHT), files::toString);
    assertEquals(List.of(), files.stream().filter(Files::exists).toList(), "dpkg -r left these");
    // dpkg keeps a removed package's maintainer scripts until it is purged: leave no trace
    TestProcess.of("dpkg", "--purge", "jpki").env(paths()).run().assertOk("dpkg --purge");
  }

  /**
   * postinst wrote the class-data archive the launcher names, and the JVM maps it: jpki's own
   * classes, picocli's (which ssh-key does without, cert not) and the JDK's come from it, not from
   * their jars.
   */
  private void classesComeFromTheClassDataArchive(Path home)
      throws IOException, InterruptedException {
    assertTrue(Files.size(CLASS_DATA) > 0, CLASS_DATA + " is empty");
    Path log = temp.resolve("class-load.log");
    TestProcess.Result key = loggingClasses(home, log, "ssh-key");
    assertTrue(key.out().startsWith("ssh-rsa AAAA"), key::toString);
    sharedClasses(
        log, "io.github.jpki4j.cli.Main", "io.github.jpki4j.cli.SshKeyCommand", "java.lang.Object");
    Path certLog = temp.resolve("class-load-cert.log");
    loggingClasses(home, certLog, "cert");
    sharedClasses(certLog, "io.github.jpki4j.cli.CertCommand", "picocli.CommandLine");
  }

  // The installed jpki COMMAND on the simulated card, every class it loads logged to `log`.
  private TestProcess.Result loggingClasses(Path home, Path log, String command)
      throws IOException, InterruptedException {
    return TestProcess.of("jpki", "--simulator=" + temp.resolve("card"), command)
        .env(paths())
        .env("HOME", home.toString())
        .env("JPKI_JAVA_OPTS", "-Xlog:class+load=info:file=" + log)
        .dir(home)
        .run()
        .assertOk(command + " with -Xlog:class+load");
  }

  private static void sharedClasses(Path log, String... names) throws IOException {
    List<String> loaded = Files.readAllLines(log);
    for (String name : names) {
      List<String> lines =
          loaded.stream().filter(l -> l.contains(" " + name + " source:")).toList();
      assertEquals(1, lines.size(), () -> name + " in " + loaded.size() + " lines of " + log);
      assertTrue(
          lines.get(0).endsWith("source: shared objects file"),
          () -> name + " not from the class-data archive: " + lines.get(0));
    }
  }

  /**
   * {@code jpki agent} from the package starts the agent in the background, in a JVM with the
   * agent's options of jvm-options.properties (the file the archive's launchers read too).
   */
  private void theAgentGetsTheAgentsJvmOptions(Path home) throws Exception {
    Path socket = temp.resolve("agent.sock");
    TestProcess.Result started =
        jpki(home, "--simulator=" + temp.resolve("card"), "agent", "-a", socket.toString())
            .assertOk("jpki agent");
    Matcher pid = Pattern.compile("SSH_AGENT_PID=(\\d+);").matcher(started.out());
    assertTrue(pid.find(), started::toString);
    ProcessHandle agent = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
    try {
      List<String> command =
          List.of(Files.readString(Path.of("/proc", pid.group(1), "cmdline")).split("\0"));
      for (String option : agentOptions()) {
        assertTrue(command.contains(option), () -> option + " missing from " + command);
      }
      assertTrue(Files.exists(socket), socket + " is missing");
    } finally {
      agent.destroy();
      agent.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /** The agent= line of jvm-options.properties, from the agent jar on this test's class path. */
  private static List<String> agentOptions() throws IOException {
    try (var in =
        DebPackageIT.class.getResourceAsStream(
            "/io/github/jpki4j/agent/lifecycle/jvm-options.properties")) {
      assertTrue(in != null, "jvm-options.properties is not on the class path");
      List<String> agent =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith("agent="))
              .toList();
      assertEquals(1, agent.size(), agent::toString);
      List<String> options = List.of(agent.get(0).substring("agent=".length()).strip().split(" +"));
      assertFalse(options.isEmpty());
      return options;
    }
  }

  /** The package mvn -Pdeb made for this archive, or one built now. */
  private Path debianPackage() throws IOException, InterruptedException {
    Path target = ARCHIVE.toAbsolutePath().getParent();
    try (Stream<Path> s = Files.list(target)) {
      List<Path> built =
          s.filter(p -> p.getFileName().toString().matches("jpki_.*\\.deb"))
              .filter(p -> p.toFile().lastModified() >= ARCHIVE.toFile().lastModified())
              .toList();
      if (built.size() == 1) {
        return built.get(0);
      }
    }
    Path out = Files.createDirectories(temp.resolve("deb"));
    TestProcess.of("bash", BUILD.toAbsolutePath().toString(), ARCHIVE.toString(), out.toString())
        .env("TMPDIR", temp.toString())
        .timeout(BUILD_TIME)
        .run()
        .assertOk("src/deb/build.sh");
    try (Stream<Path> s = Files.list(out)) {
      List<Path> debs = s.filter(p -> p.toString().endsWith(".deb")).toList();
      assertEquals(1, debs.size(), debs::toString);
      return debs.get(0);
    }
  }

  private static TestProcess.Result jpki(Path home, String... args)
      throws IOException, InterruptedException {
    return TestProcess.of(Stream.concat(Stream.of("jpki"), Stream.of(args)).toList())
        .env(paths())
        .env("HOME", home.toString())
        .dir(home)
        .run();
  }

  /** Only the system's folders on the PATH: the package's jpki, and no java. */
  private static Map<String, String> paths() {
    return Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
  }
}
