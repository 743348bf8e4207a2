package io.github.jpki4j.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition, for tests that must act only once another thread or process has
 * reached a given point: sleeping a guessed time instead lets the test pass without ever exercising
 * the wait when the guess is too short, and wastes time when it is too long.
 */
public final class Await {
  /** For in-process conditions: far above what they need, so a loaded machine does not fail. */
  public static final Duration LIMIT = Duration.ofSeconds(10);

  private Await() {}

  /** A condition checked while waiting; it may fail the test itself (a process that died). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Returns once {@code condition} holds, checking it every {@code interval}; fails the test naming
   * {@code what} once {@code timeout} has passed.
   */
  public static void until(String what, Duration timeout, Duration interval, Condition condition)
      throws Exception {
    until(what, timeout, interval, () -> "", condition);
  }

  /**
   * {@link #until(String, Duration, Duration, Condition)}, with {@code seen} describing the state
   * at the moment it gives up (a log, a count), so that a failure tells a slow machine (the state
   * was on its way) from a bug (it was not).
   */
  public static void until(
      String what, Duration timeout, Duration interval, Supplier<String> seen, Condition condition)
      throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        String state = seen.get();
        fail(
            "gave up after "
                + timeout.toMillis()
                + " ms waiting for: "
                + what
                + (state.isEmpty() ? "" : "; seen: " + state));
      }
      Thread.sleep(interval.toMillis()); // a polling interval, not a stand-in for the condition
    }
  }

  /**
   * {@link #until(String, Duration, Duration, Supplier, Condition)} for an in-process condition.
   */
  public static void until(String what, Supplier<String> seen, Condition condition)
      throws Exception {
    until(what, LIMIT, Duration.ofMillis(1), seen, condition);
  }

  /** {@link #until(String, Duration, Duration, Condition)} for an in-process condition. */
  public static void until(String what, Condition condition) throws Exception {
    until(what, LIMIT, Duration.ofMillis(1), condition);
  }

  /**
   * Returns once {@code thread} is parked (WAITING or TIMED_WAITING) while the innermost frame of
   * {@code owner} on its stack is {@code method}: it is blocked in that call, not merely on its way
   * there.
   */
  public static void parkedIn(Thread thread, Class<?> owner, String method) throws Exception {
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
