package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
