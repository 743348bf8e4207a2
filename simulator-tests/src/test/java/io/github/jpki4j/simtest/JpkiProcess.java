package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code jpki} (and other programs) as a child process, the way a user or git does. */
public final class JpkiProcess {
  /** What a finished process left behind. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public static final String CLASS_PATH = System.getProperty("java.class.path");
  public static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private JpkiProcess() {}

  /** The java command line that runs jpki's main class. */
  public static List<String> jpkiCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", CLASS_PATH, "io.github.jpki4j.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@link #jpkiCommand} with JVM options (e.g. {@code -Dname=value}) before the main class. */
  public static List<String> jpkiCommandWithJvmOptions(List<String> jvmOptions,
      String... args) {
    List<String> cmd = jpkiCommand(args);
    cmd.addAll(1, jvmOptions);
    return cmd;
  }

  public static Result jpki(Path simulator, String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("--simulator=" + simulator);
    all.addAll(List.of(args));
    return run(jpkiCommand(all.toArray(String[]::new)), stdin, Map.of(), null);
  }

  public static Result run(List<String> command, String stdin, Map<String, String> env,
      Path dir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("JPKI_SIMULATOR");
    pb.environment().remove("JPKI_READER");
    pb.environment().remove("JPKI_PINENTRY");
    pb.environment().remove("SSH_ASKPASS");
    pb.environment().putAll(env);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Path out = Files.createTempFile("jpki-out", ".txt");
    Path err = Files.createTempFile("jpki-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the program closed its stdin early: fine
    }
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertTrue(done, "timed out: " + command);
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** An executable script that runs jpki with this test's class path (for git). */
  public static Path jpkiScript(Path dir) throws IOException {
    StringBuilder s = new StringBuilder("#!/bin/sh\nexec");
    for (String part : jpkiCommand()) {
      s.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    s.append(" \"$@\"\n");
    return executable(dir.resolve("jpki"), s.toString());
  }

  /** A fake pinentry (GnuPG Assuan) that answers GETPIN with the content of {@code pinFile}. */
  public static Path fakePinentry(Path dir, Path pinFile, Path log) throws IOException {
    String script = "#!/bin/bash\n"
        + "echo 'OK fake pinentry'\n"
        + "while IFS= read -r line; do\n"
        + "  echo \"$line\" >> '" + log + "'\n"
        + "  case \"$line\" in\n"
        + "    GETPIN*) printf 'D %s\\nOK\\n' \"$(cat '" + pinFile + "')\" ;;\n"
        + "    BYE*) echo OK; exit 0 ;;\n"
        + "    *) echo OK ;;\n"
        + "  esac\n"
        + "done\n";
    return executable(dir.resolve("fake-pinentry"), script);
  }

  public static Path executable(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
