package io.github.jpki4j.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The one way the tests run a program to its end: a command with extra environment, stdin, a
 * working directory and a time limit. stdout and stderr go to temporary files (so a grandchild that
 * keeps them open, such as a daemon the program started, cannot block the test) and come back as
 * UTF-8. A program that outlives its limit is killed with all its descendants and the test fails
 * with the command, the limit and what it printed so far.
 *
 * <p>The variables in {@link #HOST_VARIABLES} are removed from the inherited environment, so a
 * developer's own card, reader, pinentry, agent or JVM options never leak into a test; give them
 * with {@link #env} when a test needs them.
 *
 * <pre>{@code
 * TestProcess.Result r = TestProcess.of("ssh-add", "-L").env("SSH_AUTH_SOCK", socket).run();
 * r.assertOk("ssh-add -L");
 * }</pre>
 */
public final class TestProcess {
  /** Inherited variables that would let the host's setup choose what a test's program does. */
  public static final List<String> HOST_VARIABLES =
      List.of(
          "JPKI_SIMULATOR",
          "JPKI_READER",
          "JPKI_EXTENDED_APDU",
          "JPKI_PINENTRY",
          "JPKI_JAVA_OPTS",
          "JPKI_LAUNCHER",
          "SSH_AUTH_SOCK",
          "SSH_AGENT_PID",
          "SSH_ASKPASS",
          "DISPLAY",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "CLASSPATH");

  /** The limit when none is given: long enough for a cold JVM on a loaded machine. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** What a finished program left behind, and how long it took. */
  public record Result(int exit, String out, String err, Duration took) {
    /** A result made without running a program here (e.g. a main method called in-process). */
    public Result(int exit, String out, String err) {
      this(exit, out, err, Duration.ZERO);
    }

    /** Fails, naming {@code what} and showing both outputs, unless the exit status is 0. */
    public Result assertOk(String what) {
      assertEquals(0, exit, () -> what + " failed: " + this);
      return this;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final List<String> command;
  private final Map<String, String> env = new LinkedHashMap<>();
  private byte[] stdin;
  private Path stdinFile;
  private Path dir;
  private Duration timeout = DEFAULT_TIMEOUT;
  private LongFunction<String> diagnose = pid -> "";

  private TestProcess(List<String> command) {
    this.command = List.copyOf(command);
  }

  public static TestProcess of(List<String> command) {
    return new TestProcess(command);
  }

  public static TestProcess of(String... command) {
    return new TestProcess(List.of(command));
  }

  /** Adds (or overrides) environment variables. */
  public TestProcess env(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  public TestProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What the program reads on stdin, as UTF-8; null (the default) means {@code /dev/null}. */
  public TestProcess stdin(String text) {
    return stdin(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  public TestProcess stdin(byte[] bytes) {
    this.stdin = bytes == null ? null : bytes.clone();
    this.stdinFile = null;
    return this;
  }

  /** stdin read from a file. */
  public TestProcess stdin(Path file) {
    this.stdinFile = file;
    this.stdin = null;
    return this;
  }

  /** The working directory; null (the default) means the test's own. */
  public TestProcess dir(Path directory) {
    this.dir = directory;
    return this;
  }

  public TestProcess timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /**
   * What to add to the failure message when the program times out, computed from its PID before it
   * is killed (e.g. a JVM's thread dump).
   */
  public TestProcess onTimeout(LongFunction<String> diagnostic) {
    this.diagnose = diagnostic;
    return this;
  }

  /**
   * Runs the program to its end.
   *
   * @throws IOException when it cannot be started (e.g. it is not installed)
   */
  public Result run() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    HOST_VARIABLES.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    if (stdinFile != null) {
      pb.redirectInput(stdinFile.toFile());
    } else if (stdin == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    Path out = Files.createTempFile("test-process-out", ".txt");
    Path err = Files.createTempFile("test-process-err", ".txt");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      long start = System.nanoTime();
      Process p = pb.start();
      if (stdin != null && stdinFile == null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        } catch (IOException e) {
          // the program closed its stdin before reading all of it: its business
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        String diagnostic = diagnose.apply(p.pid());
        killTree(p);
        fail(
            command
                + " did not finish in "
                + timeout.toSeconds()
                + " s and was killed"
                + (diagnostic.isEmpty() ? "" : "\n" + diagnostic)
                + "\n--- stdout so far\n"
                + Files.readString(out)
                + "--- stderr so far\n"
                + Files.readString(err));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err), took);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Kills a process and every descendant it has (listed first, so none is reparented and missed),
   * and waits a little for the process itself to go.
   */
  public static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Writes an executable script (mode 700): {@code content} is the whole file, shebang first. */
  public static Path executable(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
