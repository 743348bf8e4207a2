package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a condition, for tests that must act only once another thread has reached a
 * given point: sleeping a guessed time instead lets the test pass without ever exercising the wait
 * when the guess is too short, and wastes time when it is too long.
 */
final class Await {
  /** Far above what any condition here needs, so a loaded machine does not fail the tests. */
  static final Duration LIMIT = Duration.ofSeconds(10);

  private Await() {}

  /** Returns once {@code condition} holds; fails the test naming {@code what} after LIMIT. */
  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("gave up after " + LIMIT.toSeconds() + " s waiting until " + what);
      }
      Thread.sleep(1); // a polling interval, not a stand-in for the condition
    }
  }

  /**
   * Returns once {@code thread} is parked (WAITING or TIMED_WAITING) while the innermost frame of
   * {@code owner} on its stack is {@code method}: it is blocked in that call, not merely on its way
   * there.
   */
  static void parkedIn(Thread thread, Class<?> owner, String method) throws InterruptedException {
    until(
        thread.getName() + " is parked in " + owner.getSimpleName() + "." + method,
        () ->
            isParked(thread)
                && method.equals(innermostMethodOf(thread, owner))
                && isParked(thread));
  }

  private static boolean isParked(Thread thread) {
    Thread.State s = thread.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  private static String innermostMethodOf(Thread thread, Class<?> owner) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(owner.getName())) {
        return frame.getMethodName();
      }
    }
    return null;
  }
}
