package io.github.jpki4j.pin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finding helper programs (pinentry, setsid) the way a shell would, on the given PATH. */
public final class ProgramPath {
  private ProgramPath() {}

  /** The first executable {@code name} in a directory of {@code $PATH}, if any. */
  public static Optional<Path> find(String name, Map<String, String> env) {
    String path = env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A program named with a path made absolute, so that it still names the same file for a process
   * started elsewhere; a bare name is left to that process's PATH.
   */
  public static String absoluteIfPath(String program) {
    return program.contains("/") ? Path.of(program).toAbsolutePath().toString() : program;
  }
}
