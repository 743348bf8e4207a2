package io.github.jpki4j.simtest.faults;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CommandAPDU;

/**
 * What the {@link FaultInjectingTransport}s of one operation share: which APDU fails and how, the
 * APDUs seen so far (numbered from 1 across every connection, so that a reconnect does not reset
 * the count), how many faults were injected, and the latch that holds a {@link Fault#HANG}.
 *
 * <p>Thread-safe.
 */
public final class FaultPlan {
  /** One command as it went by. */
  public record Exchange(int index, byte[] command, Fault fault) {
    public int ins() {
      return command[1] & 0xFF;
    }

    /** A VERIFY that carries a PIN (not the empty one that reads the counter). */
    public boolean isVerifyWithPin() {
      return ins() == 0x20 && command.length > 5;
    }

    /** The empty VERIFY, which reads the counter and costs no try. */
    public boolean isCounterRead() {
      return ins() == 0x20 && command.length == 4;
    }

    @Override
    public String toString() {
      String hex = HexFormat.of().formatHex(command, 0, Math.min(command.length, 5));
      return index
          + ":"
          + (isVerifyWithPin() ? "VERIFY(pin)" : hex)
          + (fault == null ? "" : "!" + fault);
    }
  }

  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final List<Exchange> exchanges = new ArrayList<>();
  private volatile Fault fault;
  private volatile int at;
  private volatile CountDownLatch hangReached = new CountDownLatch(1);
  private volatile CountDownLatch hangReleased = new CountDownLatch(1);
  private volatile Runnable onRemoval = () -> {};

  /** A plan that injects nothing until {@link #arm}. */
  public FaultPlan() {}

  /**
   * Fails the {@code k}-th APDU from now on (1-based) with {@code fault}; the count and the record
   * of exchanges start again.
   */
  public synchronized FaultPlan arm(Fault fault, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k starts at 1");
    }
    reset();
    this.fault = fault;
    this.at = k;
    return this;
  }

  /** No more faults (the count and the record go on). Releases a hang still held. */
  public synchronized FaultPlan disarm() {
    releaseHang();
    this.fault = null;
    this.at = 0;
    return this;
  }

  /** The count and the record start again. */
  public synchronized FaultPlan reset() {
    seen.set(0);
    exchanges.clear();
    hangReached = new CountDownLatch(1);
    hangReleased = new CountDownLatch(1);
    return this;
  }

  /** Run when a {@link Fault#CARD_REMOVED} strikes, e.g. to pull the simulated card. */
  public FaultPlan onRemoval(Runnable action) {
    this.onRemoval = action;
    return this;
  }

  /** Numbers the next command and says which fault, if any, it gets. */
  synchronized Fault next(CommandAPDU command) {
    int n = seen.incrementAndGet();
    Fault f = fault != null && n == at ? fault : null;
    if (f != null) {
      injected.incrementAndGet();
    }
    exchanges.add(new Exchange(n, command.getBytes(), f));
    return f;
  }

  void removed() {
    onRemoval.run();
  }

  /** Blocks a {@link Fault#HANG} until {@link #releaseHang()}, at most {@code maxMillis}. */
  void hang(long maxMillis) throws InterruptedException {
    CountDownLatch released = hangReleased;
    hangReached.countDown();
    released.await(maxMillis, TimeUnit.MILLISECONDS);
  }

  /** Waits until an exchange is held by a {@link Fault#HANG}. */
  public boolean awaitHang(long millis) throws InterruptedException {
    return hangReached.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Lets a held exchange go on (it fails: its answer never came). */
  public void releaseHang() {
    hangReleased.countDown();
  }

  /** APDUs numbered so far since the last {@link #arm}/{@link #reset}. */
  public int seen() {
    return seen.get();
  }

  /** Faults injected since this plan was made. */
  public int injected() {
    return injected.get();
  }

  /** The exchanges since the last {@link #arm}/{@link #reset}, in order. */
  public synchronized List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The fault armed now, or null. */
  public Fault fault() {
    return fault;
  }

  /** The APDU index armed now, or 0. */
  public int at() {
    return at;
  }
}
