package io.github.jpki4j.pin;

import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The misbehaving bash programs that stand in for pinentry and askpass in the tests, and the check
 * that they are gone; the well-behaved pinentry is {@link FakePinentry}.
 */
final class FakePrograms {
  private FakePrograms() {}

  /** An executable bash script {@code dir/name} with {@code body} after the shebang line. */
  static Path script(Path dir, String name, String body) throws IOException {
    return TestProcess.executable(dir.resolve(name), "#!/usr/bin/env bash\n" + body);
  }

  /** Waits up to 3 s for the process whose id is in {@code pidFile} to be gone. */
  static void assertGone(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Await.until(
        "process " + pid + " to end",
        Duration.ofSeconds(3),
        Duration.ofMillis(20),
        () -> !alive(pid));
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
