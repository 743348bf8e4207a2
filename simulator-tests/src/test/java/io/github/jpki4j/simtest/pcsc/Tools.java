package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The system tools of the PC/SC interop tests: found at run time, run with a time limit. */
final class Tools {
  private Tools() {}

  /** A tool on PATH, or a loud failure naming the package. */
  static String path(String name, String pkg) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator, -1)) {
        Path p = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return fail(
        name
            + " not found on PATH: the PC/SC interop tests need it (Debian/Ubuntu:"
            + " apt-get install "
            + pkg
            + ")");
  }

  /** A daemon in an sbin folder (often not on a user's PATH), or on PATH. */
  static String sbin(String name, String pkg) {
    for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/sbin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return path(name, pkg);
  }

  /**
   * OpenSC's PKCS#11 module, looked up among the places distributions put it: {@code
   * /usr/lib/<multiarch>/}, {@code /usr/lib64/}, {@code /usr/lib/}, {@code /usr/local/lib/}, each
   * directly or under {@code pkcs11/}; macOS's OpenSC and Homebrew folders last.
   */
  static String openscModule() {
    List<String> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/usr/lib"))) {
      s.filter(p -> p.getFileName().toString().contains("-linux-"))
          .sorted()
          .forEach(p -> dirs.add(p.toString()));
    } catch (IOException e) {
      // no /usr/lib
    }
    dirs.addAll(
        List.of(
            "/usr/lib64",
            "/usr/lib",
            "/usr/local/lib",
            "/opt/homebrew/lib",
            "/Library/OpenSC/lib"));
    for (String dir : dirs) {
      for (String name : List.of("opensc-pkcs11.so", "pkcs11/opensc-pkcs11.so")) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p)) {
          return p.toString();
        }
      }
    }
    return fail(
        "opensc-pkcs11.so not found in "
            + dirs
            + " (Debian/Ubuntu: apt-get install"
            + " opensc-pkcs11)");
  }

  /**
   * An OpenSC configuration with nothing in it, for {@code OPENSC_CONF}: no forced card driver,
   * whatever the machine's own opensc.conf says. OpenSC must find the card by itself.
   */
  static Path emptyOpenscConf(Path dir) throws IOException {
    Path conf = dir.resolve("opensc.conf");
    if (!Files.exists(conf)) {
      Files.writeString(conf, "app default {\n  framework pkcs15 {\n  }\n}\n");
    }
    return conf;
  }

  /**
   * Asserts that {@code ssh-keygen -Y check-novalidate} accepts {@code file.sig}, an SSHSIG of the
   * namespace {@code file} over {@code file}'s contents.
   */
  static void assertSshSigChecks(Path dir, Path file) throws IOException, InterruptedException {
    run(
            dir,
            Files.readString(file),
            Map.of(),
            30,
            "ssh-keygen",
            "-Y",
            "check-novalidate",
            "-n",
            "file",
            "-s",
            file + ".sig")
        .assertOk("ssh-keygen -Y check-novalidate");
  }

  /**
   * One login's worth of agent work: {@code ssh-keygen -Y sign -f pub} of {@code file} through the
   * agent {@code env} names, then {@link #assertSshSigChecks}.
   */
  static void assertAgentSigns(Path dir, Map<String, String> env, Path pub, Path file)
      throws IOException, InterruptedException {
    run(
            dir,
            null,
            env,
            60,
            "ssh-keygen",
            "-Y",
            "sign",
            "-f",
            pub.toString(),
            "-n",
            "file",
            file.toString())
        .assertOk("ssh-keygen -Y sign through the agent with " + pub.getFileName());
    assertSshSigChecks(dir, file);
  }

  /** Runs a tool (found on PATH) with a time limit; stdin may be null. */
  static Result run(
      Path dir,
      String stdin,
      Map<String, String> env,
      int timeoutSeconds,
      String tool,
      String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool.contains("/") ? tool : path(tool, tool));
    cmd.addAll(List.of(args));
    return runCommand(dir, stdin, env, timeoutSeconds, cmd);
  }

  /**
   * Runs a command with a time limit; a JVM that outlives it fails the test with the stack of its
   * main thread.
   */
  static Result runCommand(
      Path dir, String stdin, Map<String, String> env, int timeoutSeconds, List<String> cmd)
      throws IOException, InterruptedException {
    TestProcess p =
        TestProcess.of(cmd)
            .dir(dir)
            .stdin(stdin)
            .env(env)
            .timeout(Duration.ofSeconds(timeoutSeconds));
    if (cmd.get(0).endsWith("/java")) {
      p.onTimeout(pid -> "its main thread:\n" + mainThread(dir, pid));
    }
    return p.run();
  }

  /**
   * The stack of the main thread of a running JVM ({@code jcmd PID Thread.print}), to see where it
   * waits; or what jcmd said instead (a JVM still starting may not answer yet).
   */
  static String mainThread(Path dir, long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Result r;
    try {
      r = runCommand(dir, null, Map.of(), 20, List.of(jcmd, Long.toString(pid), "Thread.print"));
    } catch (IOException e) {
      return "(no thread dump: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
    int at = r.out().indexOf("\n\"main\" ");
    if (r.exit() != 0 || at < 0) {
      return "(no thread dump: " + r + ")";
    }
    int end = r.out().indexOf("\n\n", at + 1);
    return r.out().substring(at + 1, end < 0 ? r.out().length() : end) + "\n";
  }
}
