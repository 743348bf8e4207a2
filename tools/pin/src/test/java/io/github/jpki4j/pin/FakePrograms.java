package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
  /**
   * The limit for a dialogue whose deadline is not what a test checks: far above what a loaded
   * machine needs, so only a program that really hangs reaches it.
   */
  static final Duration GENEROUS = Duration.ofSeconds(30);

  /**
   * How long a hanging fake program sleeps: far longer than any test may run, so a call that
   * returns at all stopped it rather than waited for it.
   */
  static final int HANG_SECONDS = 3600;

  /** How long a call that must stop a hanging program may take before the test calls it a hang. */
  private static final Duration STOP_BOUND = Duration.ofSeconds(60);

  private FakePrograms() {}

  /** A call that must stop a hanging program. */
  interface Call<T> {
    T call() throws Exception;
  }

  /** What such a call gave: its value, or what it threw; and how long it took. */
  record Outcome<T>(T value, Exception thrown, Duration took) {}

  /**
   * Runs {@code call}, which must stop a program that hangs for {@link #HANG_SECONDS}, and checks
   * that it did not return before {@code deadline} (the program was not stopped early). No upper
   * bound is a speed limit: returning at all, long before the program's sleep ends, shows that it
   * was stopped; a call still waiting after {@link #STOP_BOUND} fails as waiting for the program.
   */
  static <T> Outcome<T> stoppedAt(Duration deadline, Call<T> call) {
    long start = System.nanoTime();
    Outcome<T> outcome =
        assertTimeoutPreemptively(
            STOP_BOUND,
            () -> {
              try {
                T value = call.call();
                return new Outcome<>(value, null, Duration.ofNanos(System.nanoTime() - start));
              } catch (Exception e) {
                return new Outcome<T>(null, e, Duration.ofNanos(System.nanoTime() - start));
              }
            },
            "still waiting after "
                + STOP_BOUND.toSeconds()
                + " s for a program that sleeps "
                + HANG_SECONDS
                + " s: it was not stopped at its deadline of "
                + deadline.toMillis()
                + " ms");
    assertTrue(
        outcome.took().compareTo(deadline) >= 0,
        "returned after "
            + outcome.took().toMillis()
            + " ms, before the deadline of "
            + deadline.toMillis()
            + " ms");
    return outcome;
  }

  /** An executable bash script {@code dir/name} with {@code body} after the shebang line. */
  static Path script(Path dir, String name, String body) throws IOException {
    return TestProcess.executable(dir.resolve(name), "#!/usr/bin/env bash\n" + body);
  }

  /**
   * Waits (at most {@link Await#LIMIT}) for the process whose id is in {@code pidFile} to be gone.
   * The fake program writes that file first thing; without it, it was stopped before it got that
   * far, which a test's deadline must leave room for.
   */
  static void assertGone(Path pidFile) throws Exception {
    if (!Files.exists(pidFile)) {
      fail(
          pidFile.getFileName()
              + " was never written: the fake program was stopped before its first line ran"
              + " (a deadline too short for this machine's process start-up)");
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Await.until(
        "process " + pid + " (" + pidFile.getFileName() + ") to end",
        Await.LIMIT,
        Duration.ofMillis(20),
        () -> alive(pid) ? "still running" : "",
        () -> !alive(pid));
  }

  /**
   * Stops, by the ids in these files, whatever fake programs of {@code dir} a failed test left
   * running: only a process that is still one of them (its command line names {@code dir} or the
   * hang's sleep), never another that took the id since.
   */
  static void stopLeftovers(Path dir, Path... pidFiles) {
    for (Path f : pidFiles) {
      try {
        long pid = Long.parseLong(Files.readString(f).strip());
        ProcessHandle.of(pid)
            .filter(
                h ->
                    h.info()
                        .commandLine()
                        .map(c -> c.contains(dir.toString()) || c.contains("sleep " + HANG_SECONDS))
                        .orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
      } catch (IOException | NumberFormatException e) {
        // not written: nothing was started
      }
    }
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
