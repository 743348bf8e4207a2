package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the OpenSSH programs (and others) for the tests, bounded in time. */
final class Programs {
  /** What a finished program left behind. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Programs() {}

  /** Whether an executable of that name is on the PATH (or is that absolute path). */
  static boolean available(String program) {
    if (program.startsWith("/")) {
      return Files.isExecutable(Path.of(program));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a program with stdin from {@code /dev/null} (or the given file), stdout and stderr to
   * temporary files, and the agent environment variables cleared unless given; kills it by its
   * PID if it outlives {@code timeout}.
   */
  static Result run(List<String> command, Map<String, String> env, Path stdin, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    for (String name : List.of("SSH_AUTH_SOCK", "SSH_AGENT_PID", "JPKI_SIMULATOR",
        "JPKI_READER", "JPKI_PINENTRY", "SSH_ASKPASS", "DISPLAY")) {
      pb.environment().remove(name);
    }
    pb.environment().putAll(env);
    Path out = Files.createTempFile("agent-test-out", ".txt");
    Path err = Files.createTempFile("agent-test-err", ".txt");
    try {
      pb.redirectInput(stdin != null ? stdin.toFile() : new java.io.File("/dev/null"));
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        fail("timed out after " + timeout.toSeconds() + " s: " + command + "\n"
            + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(command, env, null, Duration.ofSeconds(30));
  }
}
