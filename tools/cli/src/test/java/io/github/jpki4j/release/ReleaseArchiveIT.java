package io.github.jpki4j.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: unpacked into an empty directory, run from a working
 * directory outside the source tree, with a PATH that holds only the few programs the launcher uses
 * (no Maven, no java unless a test puts it there) and a HOME of its own. Runs after {@code package}
 * (failsafe), on the archive the build just made.
 */
class ReleaseArchiveIT {
  private static final Path ARCHIVE =
      Path.of(
          System.getProperty(
              "jpki.archive", "target/jpki-" + System.getProperty("jpki.version") + ".tar.gz"));
  private static final Path ZIP =
      Path.of(
          System.getProperty(
              "jpki.zip", "target/jpki-" + System.getProperty("jpki.version") + ".zip"));
  private static final String VERSION = System.getProperty("jpki.version");
  private static final Path SBOM =
      Path.of(System.getProperty("jpki.sbom", "target/jpki-" + VERSION + ".cdx.json"));
  private static final Path SUMS = Path.of(System.getProperty("jpki.sums", "target/SHA256SUMS"));

  /** A Maven package URL of a jar in the SBOM: pkg:maven/GROUP/ARTIFACT@VERSION?type=jar. */
  private static final Pattern JAR_PURL =
      Pattern.compile("\"purl\" : \"pkg:maven/([^/\"]+)/([^@\"]+)@([^?\"]+)\\?type=jar\"");

  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static final Path OPTIONS =
      Path.of(
          "../agent/src/main/resources/io/github/jpki4j/agent/lifecycle/jvm-options.properties");

  /** What bin/jpki runs besides shell built-ins; what the tests run is called by absolute path. */
  private static final List<String> LAUNCHER_PROGRAMS =
      List.of("sh", "ls", "mkdir", "mv", "rm", "setsid");

  @TempDir static Path temp;
  private static Path home; // the unpacked jpki-VERSION
  private static Path bin; // the only directory on the PATH
  private static Path work; // the working directory
  private static final List<Long> STARTED_AGENTS = Collections.synchronizedList(new ArrayList<>());

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @BeforeAll
  static void unpack() throws Exception {
    assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " not built");
    Path unpacked = Files.createDirectories(temp.resolve("install"));
    Result tar =
        run(
            List.of(
                "/bin/tar", "-xzf", ARCHIVE.toAbsolutePath().toString(), "-C", unpacked.toString()),
            Map.of("PATH", "/usr/bin:/bin"),
            temp,
            null);
    assertEquals(0, tar.exit(), tar::toString);
    try (Stream<Path> top = Files.list(unpacked)) {
      assertEquals(
          List.of("jpki-" + VERSION),
          top.map(p -> p.getFileName().toString()).toList(),
          "one top directory");
    }
    home = unpacked.resolve("jpki-" + VERSION);
    bin = Files.createDirectories(temp.resolve("path-bin"));
    for (String program : LAUNCHER_PROGRAMS) {
      Files.createSymbolicLink(bin.resolve(program), which(program));
    }
    work = Files.createDirectories(temp.resolve("elsewhere"));
  }

  @AfterAll
  static void stopAgents() {
    for (long pid : STARTED_AGENTS) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theArchiveHoldsLaunchersJarsCompletionReadmeAndLicences() throws IOException {
    assertTrue(Files.isExecutable(home.resolve("bin/jpki")));
    assertTrue(
        Files.getPosixFilePermissions(home.resolve("bin/jpki"))
            .contains(PosixFilePermission.OTHERS_EXECUTE));
    assertTrue(Files.isRegularFile(home.resolve("bin/jpki.cmd")));
    assertTrue(Files.isRegularFile(home.resolve("README.md")));
    assertTrue(Files.isRegularFile(home.resolve("completion/jpki.bash")));
    assertTrue(Files.isRegularFile(home.resolve("completion/jpki.zsh")));
    String thirdParty = Files.readString(home.resolve("licenses/THIRD-PARTY.txt"));
    for (Path jar : jars()) {
      String name = jar.getFileName().toString();
      String artifact = name.substring(0, name.lastIndexOf('-'));
      if (name.endsWith("-" + VERSION + ".jar")) {
        artifact = name.substring(0, name.length() - ("-" + VERSION + ".jar").length());
        assertTrue(
            List.of(
                    "cli",
                    "picocli-java17",
                    "agent",
                    "pin",
                    "apdu",
                    "pcsc-transmit",
                    "ssh-format",
                    "jpki-applet",
                    "jca",
                    "signing",
                    "pdf")
                .contains(artifact),
            "an unexpected jar of ours in lib/: " + name);
      } else {
        // every other jar is third-party: its licence is listed
        assertTrue(thirdParty.contains(":" + artifact + ":"), artifact + " in THIRD-PARTY.txt");
      }
    }
    assertTrue(
        Files.readString(home.resolve("licenses/Apache-2.0.txt")).contains("Apache License"));
    // jpki4j's own licence and notice
    assertEquals(
        Files.readString(Path.of("../../LICENSE")),
        Files.readString(home.resolve("licenses/LICENSE")));
    assertEquals(
        Files.readString(Path.of("../../NOTICE")),
        Files.readString(home.resolve("licenses/NOTICE")));
    assertTrue(thirdParty.contains("compatible"), thirdParty);
    try (Stream<Path> s = Files.walk(home.resolve("licenses"))) {
      assertTrue(s.anyMatch(p -> p.endsWith("META-INF/LICENSE.md")), "Bouncy Castle's licence");
    }
    try (Stream<Path> s = Files.walk(home.resolve("licenses"))) {
      assertTrue(
          s.anyMatch(p -> p.toString().contains("pdfbox") && p.endsWith("META-INF/NOTICE")),
          "PDFBox's NOTICE (Apache-2.0 asks that it travel with the jar)");
    }
    // The Windows launcher has Windows line ends; the POSIX one has none.
    assertTrue(Files.readString(home.resolve("bin/jpki.cmd")).contains("\r\n"));
    assertFalse(Files.readString(home.resolve("bin/jpki")).contains("\r"));
  }

  @Test
  void theSbomListsExactlyTheJarsOfLibWithTheirVersions() throws IOException {
    String inside = Files.readString(home.resolve("jpki-" + VERSION + ".cdx.json"));
    assertEquals(Files.readString(SBOM), inside, "the SBOM beside the archive is the one inside");
    assertTrue(inside.contains("\"bomFormat\" : \"CycloneDX\""), "a CycloneDX document");
    Set<String> listed = new TreeSet<>();
    Matcher m = JAR_PURL.matcher(inside);
    while (m.find()) {
      listed.add(m.group(2) + "-" + m.group(3) + ".jar");
    }
    Set<String> lib =
        jars().stream()
            .map(p -> p.getFileName().toString())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(lib, listed, "the SBOM's jars are lib/'s, each with its version");
  }

  @Test
  void sha256sumsChecksTheArchivesAndTheSbom() throws Exception {
    List<String> names =
        Files.readAllLines(SUMS).stream()
            .map(l -> l.substring(l.indexOf("  ") + 2))
            .sorted()
            .toList();
    for (Path p : List.of(ARCHIVE, ZIP, SBOM)) {
      assertTrue(names.contains(p.getFileName().toString()), p + " in " + names);
    }
    Result check =
        run(
            List.of("sha256sum", "-c", SUMS.getFileName().toString()),
            Map.of("PATH", "/usr/bin:/bin"),
            SUMS.toAbsolutePath().getParent(),
            null);
    assertEquals(0, check.exit(), check::toString);
    assertEquals(
        names.size(), check.out().lines().filter(l -> l.endsWith(": OK")).count(), check::toString);
  }

  @Test
  void theZipHoldsTheSameFiles() throws Exception {
    Set<String> inZip;
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      inZip =
          zip.stream()
              .filter(e -> !e.isDirectory())
              .map(e -> e.getName())
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> inTar;
    try (Stream<Path> s = Files.walk(home.getParent())) {
      inTar =
          s.filter(Files::isRegularFile)
              .map(p -> home.getParent().relativize(p).toString().replace(File.separatorChar, '/'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(inTar, inZip);
  }

  @Test
  void theLaunchersCarryTheSameJvmOptionsMainClassAndClassPath() throws IOException {
    Map<String, String> sh =
        assignments(
            Files.readString(home.resolve("bin/jpki")),
            Pattern.compile("(?m)^(\\w+)=[\"']([^\"'\\n]*)[\"']$"));
    Map<String, String> cmd =
        assignments(
            Files.readString(home.resolve("bin/jpki.cmd")),
            Pattern.compile("(?m)^set \"(\\w+)=([^\"\\r\\n]*)\"\\r?$"));
    List<String> cliOptions = optionsFileLine("cli");
    List<String> agentOptions = optionsFileLine("agent");
    assertEquals(cliOptions, words(sh.get("jvm_cli")), "bin/jpki: the cli= line");
    assertEquals(cliOptions, words(cmd.get("JVM_CLI")), "bin/jpki.cmd: the cli= line");
    assertEquals(agentOptions, words(sh.get("jvm_agent")), "bin/jpki: the agent= line");
    assertEquals(agentOptions, words(cmd.get("JVM_AGENT")), "bin/jpki.cmd: the agent= line");
    assertEquals("io.github.jpki4j.cli.JavaVersionGate", sh.get("main_class"));
    assertEquals(sh.get("main_class"), cmd.get("MAIN_CLASS"));

    List<String> shPath =
        Arrays.stream(sh.get("classpath").split(":"))
            .map(e -> e.replaceFirst("^\\$app_home/lib/", ""))
            .toList();
    List<String> cmdPath =
        Arrays.stream(cmd.get("CP").split(";"))
            .map(e -> e.replaceFirst("^%APP_HOME%\\\\lib\\\\", ""))
            .toList();
    assertEquals(shPath, cmdPath, "the same jars in the same order");
    assertEquals("cli-" + VERSION + ".jar", shPath.get(0), "jpki's own jar first");
    assertEquals(
        jars().stream().map(p -> p.getFileName().toString()).sorted().toList(),
        shPath.stream().sorted().toList(),
        "the class path is exactly lib/*.jar");
    // No JVM option of their own beyond the cache's.
    for (String launcher : List.of("bin/jpki", "bin/jpki.cmd")) {
      String text = Files.readString(home.resolve(launcher));
      assertFalse(
          Pattern.compile(
                  "-X(ms|mx|ss)\\d|-XX:[+-]?(TieredStopAtLevel|UseSerialGC"
                      + "|ReservedCodeCacheSize)")
              .matcher(text.replace(sh.get("jvm_cli"), "").replace(sh.get("jvm_agent"), ""))
              .find(),
          launcher + " hard-codes a JVM option");
    }
  }

  @Test
  void versionRunsFromAnywhereWithoutMaven() throws Exception {
    assertFalse(Files.exists(bin.resolve("mvn")));
    Result r = jpki(env(), null, "--version");
    assertEquals(0, r.exit(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertEquals("jpki4j " + VERSION, lines.get(0));
    assertEquals(sourceCommitLine(), lines.get(1));
    assertTrue(
        lines.get(2).startsWith("Java " + System.getProperty("java.version") + " ("), lines.get(2));
    assertTrue(lines.get(3).startsWith(System.getProperty("os.name") + " "), lines.get(3));
    assertEquals("", r.err());
  }

  @Test
  @RequiresTools(ExternalTool.DASH)
  void theShLauncherRunsUnderDash() throws Exception {
    Path dash = tool(ExternalTool.DASH);
    Result syntax =
        run(List.of(dash.toString(), "-n", home.resolve("bin/jpki").toString()), env(), work, null);
    assertEquals(0, syntax.exit(), syntax::toString);
    Result r =
        run(
            List.of(dash.toString(), home.resolve("bin/jpki").toString(), "--version"),
            env(),
            work,
            null);
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("jpki4j " + VERSION + "\n"), r::toString);
  }

  @Test
  @RequiresTools({ExternalTool.SSH_KEYGEN, ExternalTool.SSH_ADD})
  void sshKeySignAndAgentOnTheSimulatedCard() throws Exception {
    Path card = temp.resolve("card");
    Map<String, String> env = env();

    Result key = jpki(env, null, "--simulator=" + card, "ssh-key");
    assertEquals(0, key.exit(), key::toString);
    String line = key.out().strip();
    assertTrue(line.startsWith("ssh-rsa AAAA"), line);
    String[] keyWords = line.split(" ");

    // sign, with the PIN on standard input; checked by ssh-keygen against the key line
    Path file = Files.writeString(work.resolve("report.txt"), "signed from the archive\n");
    Path pin = Files.writeString(temp.resolve("pin"), "1234\n");
    Result sign =
        jpki(
            env,
            pin,
            "--simulator=" + card,
            "sign",
            "-n",
            "file",
            "--pin-stdin",
            file.getFileName().toString());
    assertEquals(0, sign.exit(), sign::toString);
    Path sig = work.resolve("report.txt.sig");
    assertTrue(Files.isRegularFile(sig), sign::toString);
    Path signers =
        Files.writeString(
            temp.resolve("allowed_signers"), "me " + keyWords[0] + " " + keyWords[1] + "\n");
    Result verify =
        run(
            List.of(
                tool(ExternalTool.SSH_KEYGEN).toString(),
                "-Y",
                "verify",
                "-f",
                signers.toString(),
                "-I",
                "me",
                "-n",
                "file",
                "-s",
                sig.toString()),
            env,
            work,
            file);
    assertEquals(0, verify.exit(), verify::toString);

    // the agent, detached, with one ssh-add -L, then stopped with -k
    Map<String, String> agentEnv = new HashMap<>(env);
    agentEnv.put("SSH_ASKPASS", "/bin/false"); // a way to ask that is never used here
    agentEnv.put("SHELL", "/bin/sh");
    Result agent = jpki(agentEnv, null, "--simulator=" + card, "agent");
    assertEquals(0, agent.exit(), agent::toString);
    Matcher sock = Pattern.compile("SSH_AUTH_SOCK=([^;]+);").matcher(agent.out());
    Matcher pid = Pattern.compile("SSH_AGENT_PID=(\\d+);").matcher(agent.out());
    assertTrue(sock.find() && pid.find(), agent::toString);
    STARTED_AGENTS.add(Long.parseLong(pid.group(1)));
    Map<String, String> client = new HashMap<>(env);
    client.put("SSH_AUTH_SOCK", sock.group(1));
    Result list = run(List.of(tool(ExternalTool.SSH_ADD).toString(), "-L"), client, work, null);
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().startsWith(keyWords[0] + " " + keyWords[1]), list::toString);
    Map<String, String> killEnv = new HashMap<>(env);
    killEnv.put("SSH_AGENT_PID", pid.group(1));
    Result kill = jpki(killEnv, null, "agent", "-k");
    assertEquals(0, kill.exit(), kill::toString);
    assertFalse(
        ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false),
        "the agent is still running");
  }

  @Test
  void javaOnThePathIsFoundThroughItsLinksAndKeysTheCache() throws Exception {
    Path pathBin = Files.createDirectories(temp.resolve("path-with-java"));
    for (String program : LAUNCHER_PROGRAMS) {
      Files.createSymbolicLink(pathBin.resolve(program), which(program));
    }
    Files.createSymbolicLink(pathBin.resolve("java"), JAVA_HOME.resolve("bin/java"));
    Path userHome = Files.createDirectories(temp.resolve("home-path-java"));
    Map<String, String> env = Map.of("PATH", pathBin.toString(), "HOME", userHome.toString());
    Result r = jpki(env, null, "--version");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r::toString);
    // The runtime was known (its release file, through the link): the cache is keyed on it.
    List<String> caches = names(userHome.resolve(".cache/jpki4j"));
    assertEquals(1, caches.size(), caches::toString);
    assertTrue(caches.get(0).startsWith("jpki-" + VERSION + "-"), caches::toString);
    // ... on its version and directory, found by shell built-ins alone (no cksum, no uname).
    assertTrue(
        caches
            .get(0)
            .endsWith(
                "-java"
                    + System.getProperty("java.version")
                    + JAVA_HOME.toString().replace('/', '_')
                    + ".jsa"),
        caches::toString);
  }

  // The tests' environment with its own home, whose xdg-cache holds the class-data cache.
  private static Map<String, String> envWithCacheIn(Path userHome) {
    Map<String, String> env = new HashMap<>(env());
    env.put("HOME", userHome.toString());
    env.put("XDG_CACHE_HOME", userHome.resolve("xdg-cache").toString());
    return env;
  }

  @Test
  void twoFirstRunsAtOnceLeaveOneWholeCache() throws Exception {
    Path userHome = Files.createDirectories(temp.resolve("home-race"));
    Map<String, String> env = envWithCacheIn(userHome);
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(home.resolve("bin/jpki").toString(), "--help")
              .directory(work.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().clear();
      pb.environment().putAll(env);
      runs.add(pb.start());
    }
    for (Process p : runs) {
      assertTrue(p.waitFor(2, TimeUnit.MINUTES));
      assertEquals(0, p.exitValue());
    }
    Path cacheDir = userHome.resolve("xdg-cache/jpki4j");
    List<String> files = names(cacheDir);
    assertEquals(1, files.size(), () -> "one archive, no temporary file left: " + files);
    assertTrue(files.get(0).endsWith(".jsa"), files::toString);
    // ... and it is whole: the JVM maps it (with its log on, it would say why not).
    Map<String, String> logged = new HashMap<>(env);
    logged.put("JPKI_JAVA_OPTS", "-Xshare:on");
    Result r = jpki(logged, null, "--version");
    assertEquals(0, r.exit(), r::toString);
  }

  /**
   * {@code jpki --help} runs without picocli, yet as a first run it writes an archive that holds
   * picocli (the launcher's jpki.cds.training), so a later command that needs picocli maps it.
   */
  @Test
  void aFirstRunWithoutPicocliStillArchivesIt() throws Exception {
    Path userHome = Files.createDirectories(temp.resolve("home-training"));
    Map<String, String> env = envWithCacheIn(userHome);
    Result first = jpki(env, null, "--help");
    assertEquals(0, first.exit(), first::toString);
    assertEquals(1, names(userHome.resolve("xdg-cache/jpki4j")).size(), "the archive is written");
    Path log = temp.resolve("training-classes.log");
    env.put("JPKI_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    Result cert = jpki(env, null, "--simulator=" + temp.resolve("card-training"), "cert");
    assertEquals(0, cert.exit(), cert::toString);
    List<String> picocli =
        Files.readAllLines(log).stream().filter(l -> l.contains(" picocli.CommandLine ")).toList();
    assertEquals(1, picocli.size(), picocli::toString);
    assertTrue(picocli.get(0).contains("shared objects file"), picocli::toString);
  }

  @Test
  @RequiresTools(ExternalTool.JAVA_25)
  void withJdk25TheCacheIsKeyedOnThatRuntime() throws Exception {
    Path jdk25 = tool(ExternalTool.JAVA_25);
    Path userHome = Files.createDirectories(temp.resolve("home-25"));
    Map<String, String> env = new HashMap<>(env());
    env.put("HOME", userHome.toString());
    env.put("JAVA_HOME", jdk25.toString());
    for (int run = 0; run < 2; run++) {
      Result r = jpki(env, null, "--simulator=" + temp.resolve("card-25"), "ssh-key");
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().startsWith("ssh-rsa "), r::toString);
      assertEquals("", r.err(), "nothing but the key line, first run or not");
    }
    List<String> caches = names(userHome.resolve(".cache/jpki4j"));
    assertEquals(1, caches.size(), caches::toString);
    assertTrue(caches.get(0).contains("-java25"), caches::toString);
  }

  @Test
  void aJavaHomeWithoutJavaIsOneSentence() throws Exception {
    Map<String, String> env = new HashMap<>(env());
    env.put("JAVA_HOME", temp.resolve("no-such-java").toString());
    Result r = jpki(env, null, "--version");
    assertEquals(1, r.exit(), r::toString);
    assertEquals(1, r.err().lines().count(), r::toString);
    assertTrue(r.err().startsWith("jpki: JAVA_HOME is "), r::toString);
  }

  @Test
  void noJavaAtAllIsOneSentence() throws Exception {
    Map<String, String> env = new HashMap<>(env());
    env.remove("JAVA_HOME");
    Result r = jpki(env, null, "--version");
    assertEquals(1, r.exit(), r::toString);
    assertEquals(
        "jpki: no Java found: install Java 17 or newer (e.g. Eclipse Temurin), then put"
            + " its bin directory on the PATH or set JAVA_HOME.\n",
        r.err());
  }

  @Test
  void theCompletionScriptCompletesSubcommandsInBash() throws Exception {
    Path script = home.resolve("completion/jpki.bash");
    Result printed = jpki(env(), null, "completion", "bash");
    assertEquals(0, printed.exit(), printed::toString);
    assertEquals(Files.readString(script), printed.out(), "the shipped script is what jpki prints");
    assertEquals(printed.out(), jpki(env(), null, "completion", "zsh").out());

    Result r =
        run(
            List.of(
                "/bin/bash",
                "-c",
                "source \"$1\" && COMP_WORDS=(jpki si) &&"
                    + " COMP_CWORD=1 && COMP_LINE='jpki si' && COMP_POINT=${#COMP_LINE} && _complete_jpki"
                    + " && printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash",
                script.toString()),
            Map.of("PATH", "/usr/bin:/bin"),
            work,
            null);
    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of("sign", "sim"), r.out().lines().sorted().toList(), r::toString);
  }

  // --- helpers

  /**
   * What --version must say of the commit: the checkout's HEAD, "(modified)" if the tree has
   * changes; without git or outside a repository (a source tarball), an unknown commit.
   */
  private static String sourceCommitLine() throws IOException, InterruptedException {
    // the build finds git on the PATH, or says the commit is unknown: so does this expectation
    Optional<Path> git = ExternalTool.GIT.find();
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
    Path source = Path.of("").toAbsolutePath();
    Result head =
        git.isPresent()
            ? run(List.of(git.get().toString(), "rev-parse", "--verify", "HEAD"), env, source, null)
            : new Result(1, "", "no git");
    if (head.exit() != 0) {
      return "built from an unknown commit";
    }
    Result status = run(List.of(git.get().toString(), "status", "--porcelain"), env, source, null);
    assertEquals(0, status.exit(), status::toString);
    return "built from commit "
        + head.out().strip()
        + (status.out().isBlank() ? "" : " (modified)");
  }

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", bin.toString());
    env.put("HOME", temp.resolve("home").toString());
    env.put("JAVA_HOME", JAVA_HOME.toString());
    env.put("TMPDIR", temp.toString());
    return env;
  }

  private static Result jpki(Map<String, String> env, Path stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/jpki").toString()));
    command.addAll(List.of(args));
    return run(command, env, work, stdin);
  }

  /** Runs a program with exactly {@code env} as its environment, bounded in time. */
  private static Result run(List<String> command, Map<String, String> env, Path dir, Path stdin)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    pb.redirectInput(stdin != null ? stdin.toFile() : new File("/dev/null"));
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Where a declared tool is (the test is skipped, or fails in CI, without it). */
  private static Path tool(ExternalTool t) {
    return t.find().orElseThrow();
  }

  private static Path which(String program) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(program + " not found");
  }

  private static List<Path> jars() throws IOException {
    try (Stream<Path> s = Files.list(home.resolve("lib"))) {
      return s.sorted().toList();
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> optionsFileLine(String role) throws IOException {
    List<String> lines =
        Files.readAllLines(OPTIONS).stream().filter(l -> l.startsWith(role + "=")).toList();
    assertEquals(1, lines.size());
    return words(lines.get(0).substring(role.length() + 1));
  }

  private static List<String> words(String s) {
    assertTrue(s != null, "not found in the launcher");
    return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  private static Map<String, String> assignments(String text, Pattern assignment) {
    Map<String, String> out = new HashMap<>();
    Matcher m = assignment.matcher(text);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }
}
