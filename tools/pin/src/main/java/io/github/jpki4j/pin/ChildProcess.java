package io.github.jpki4j.pin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

// A helper program (pinentry, askpass) under a deadline: when it passes, the program and its
// descendants are stopped, which ends any read blocked on its stdout.
final class ChildProcess implements AutoCloseable {
  // Between SIGTERM and SIGKILL when stopping a process tree.
  private static final long TERM_GRACE_MILLIS = 200;

  private final String what;
  private final Process process;
  private final Duration timeout;
  private final Duration exitGrace;
  private final Thread watchdog;
  private final Object lock = new Object();
  private final long startNanos = System.nanoTime();
  // Guarded by lock.
  private long deadlineNanos;
  private String overrunMessage;
  private boolean closed;
  private volatile boolean timedOut;

  private ChildProcess(String what, Process process, Duration timeout, Duration exitGrace) {
    this.what = what;
    this.process = process;
    this.timeout = timeout;
    this.exitGrace = exitGrace;
    this.deadlineNanos = startNanos + timeout.toNanos();
    this.overrunMessage = what + " did not finish within " + describe(timeout) + "; it was stopped";
    this.watchdog = new Thread(this::watch, "jpki4j-pin-helper-watchdog");
    watchdog.setDaemon(true);
  }

  /**
   * Starts {@code command} with pipes on stdin and stdout; stderr is the caller's, so the program's
   * own complaints reach the user unfiltered.
   *
   * @param kind "pinentry" or "askpass", for messages
   */
  static ChildProcess start(String kind, List<String> command, Duration timeout, Duration exitGrace)
      throws PinEntryException {
    String what = kind + " program " + command.get(0);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException | RuntimeException e) {
      throw new PinEntryException(what + " could not be started: " + reason(e), e);
    }
    ChildProcess child = new ChildProcess(what, process, timeout, exitGrace);
    child.watchdog.start();
    return child;
  }

  // ProcessBuilder says 'Cannot run program "x": error=2, No such file or directory'.
  private static String reason(Exception e) {
    Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.replaceFirst("^error=\\d+, ", "");
  }

  String what() {
    return what;
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  OutputStream stdin() {
    return process.getOutputStream();
  }

  boolean timedOut() {
    return timedOut;
  }

  String timeoutMessage() {
    synchronized (lock) {
      return overrunMessage;
    }
  }

  /**
   * Brings the deadline forward to {@code limit} after the start (never past the overall timeout);
   * {@code verb} names what must happen by then, for the message, e.g. "greet".
   */
  void firstDeadline(Duration limit, String verb) {
    if (limit.compareTo(timeout) < 0) {
      synchronized (lock) {
        deadlineNanos = startNanos + limit.toNanos();
        overrunMessage =
            what + " did not " + verb + " within " + describe(limit) + "; it was stopped";
        lock.notifyAll();
      }
    }
  }

  /** Back to the overall timeout, counted from the start. */
  void fullDeadline() {
    synchronized (lock) {
      deadlineNanos = startNanos + timeout.toNanos();
      overrunMessage = what + " did not finish within " + describe(timeout) + "; it was stopped";
      lock.notifyAll();
    }
  }

  // " (exit status N)" once the program has ended (waiting a moment for it), else "".
  String exitNote() {
    try {
      if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
        return " (exit status " + process.exitValue() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }

  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone: nothing to tell it any more.
    }
  }

  // Blocks until the program ends; the watchdog bounds the wait.
  int waitForExit() throws InterruptedException {
    return process.waitFor();
  }

  private void watch() {
    synchronized (lock) {
      while (!closed) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          timedOut = true;
          break;
        }
        try {
          lock.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
    if (timedOut) {
      stopTree();
    }
  }

  // SIGTERM to the program and its descendants, SIGKILL to whatever is left shortly after.
  private void stopTree() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      process.waitFor(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** Closes stdin (end of input), gives the program {@code exitGrace} to end, then stops it. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    closeStdin();
    boolean ended = false;
    try {
      ended = process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!ended) {
      stopTree();
    }
    try {
      process.getInputStream().close();
    } catch (IOException e) {
      // Nothing left to read anyway.
    }
  }

  // Positive and small enough for a millisecond count.
  static Duration checkTimeout(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    try {
      long unused = d.toMillis(); // called for its ArithmeticException only
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " is too long: " + d, e);
    }
    return d;
  }

  static String describe(Duration d) {
    long millis = d.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + " min";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis + " ms";
  }
}
