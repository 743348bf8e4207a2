package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Writes the small bash programs that stand in for pinentry and askpass in the tests. */
final class FakePrograms {
  private FakePrograms() {}

  /** An executable bash script {@code dir/name} with {@code body} after the shebang line. */
  static Path script(Path dir, String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  /**
   * A pinentry that logs every line it receives to {@code log}, greets with OK, answers OPTION with
   * ERR (unknown option), GETPIN with the contents of {@code reply}, BYE by leaving, and anything
   * else with OK.
   */
  static Path pinentry(Path dir) throws IOException {
    return script(
        dir,
        "fake-pinentry",
        """
        log="$1"; reply="$2"
        echo 'OK Pleased to meet you'
        while IFS= read -r line; do
          printf '%s\\n' "$line" >> "$log"
          case "$line" in
            OPTION*) echo 'ERR 83886254 Unknown option <Pinentry>' ;;
            GETPIN) cat "$reply" ;;
            BYE) echo 'OK closing connection'; exit 0 ;;
            *) echo OK ;;
          esac
        done
        """);
  }

  /** Waits up to 3 s for the process whose id is in {@code pidFile} to be gone. */
  static void assertGone(Path pidFile) throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (alive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(alive(pid), "process " + pid + " still running");
  }

  // A zombie (ended, not yet reaped by its new parent) counts as gone.
  private static boolean alive(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }
}
