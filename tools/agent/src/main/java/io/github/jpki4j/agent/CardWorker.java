package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.CardRecovery;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one thread that owns the card (apdu4j's {@code ReaderExecutor}, yubikey-agent's {@code
 * ensureYK}): every card operation is a {@link CardTask} queued here and run in turn, so connection
 * threads never touch the card and never race each other on it.
 *
 * <p>No APDU is spent on checking that the card is alive: re-selecting the AP would cost an APDU
 * per request and, on some cards, the verified PIN (docs/card-protocol.md §11). Before a task the
 * worker asks PC/SC whether the card is present, and taking exclusive access fails if it was pulled
 * or reset since (PC/SC tracks that per connection); then the task sends its commands directly.
 * When they fail in a way that another program or a card event explains — a transmit error, the
 * card removed or reset, {@code 6A82} or {@code 6986} (another application or no EF selected),
 * {@code 6982} (the card lost the verified state) — the worker recovers once, as the driver's
 * {@link CardRecovery} says: it re-selects the JPKI AP, or connects afresh when the connection is
 * gone (or the re-selection failed), and runs the task again. {@link #callOnce} never runs a task
 * twice: a task that sends a PIN uses it, so that no PIN is ever sent without the user being asked.
 *
 * <p>Each new connection is a new {@linkplain CardSession#insertion() insertion}: the auth
 * certificate is read once and its key and comment cached for it, and the PIN counts as not
 * verified. When the new card's key differs from the last one, another card was inserted; that is
 * logged.
 *
 * <p>Exclusive access: each task runs inside {@code beginExclusive()}/{@code endExclusive()}, so no
 * other program slips a command between ours within one operation (a counter read and its VERIFY, a
 * key selection and its signature), and the card is shared again between tasks. A PIN is never
 * asked for inside a task: callers ask between two tasks, with the card released, and check that
 * the {@linkplain CardSession#insertion() insertion} did not change meanwhile.
 *
 * <p>{@link #release()} ({@code ssh-add -D}) disconnects resetting the card and forgets the cached
 * key; the next task reconnects, as a new insertion. Most cards forget the verified PIN on the
 * reset; some keep it (only power loss clears theirs), which the agent cannot tell.
 *
 * <p>A card that does not answer. A caller waits for its task at most the timeout. When a task is
 * still running then, the card thread is stuck in a call that interrupting cannot unblock (a native
 * PC/SC transmit): that request fails, the thread is abandoned with its connection, and a fresh
 * card thread takes the queue and connects anew for the next request. If the stuck call ever
 * returns, its result is discarded and its connection let go (without disconnecting a card that the
 * new connection shares). While {@value #MAX_STUCK} abandoned threads are still stuck, requests
 * fail at once instead of piling up threads. A hung card thus costs one failed request, then a
 * reconnect; whether the reader lets the new connection through while the old command is stuck is
 * up to the reader: taking the card out and putting it back always does.
 */
public final class CardWorker implements AutoCloseable {
  /** How long a caller waits for its task by default, queue included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** Work for the card thread. */
  @FunctionalInterface
  public interface CardTask<T> {
    /**
     * Runs on the card thread, with exclusive access to the card.
     *
     * @param session the card as it is now; valid during this call only
     */
    T run(CardSession session) throws IOException, CardCommandException, AgentRefusedException;
  }

  /** The connected card, as a task sees it. Use only on the card thread, during the task. */
  public static final class CardSession {
    private final JpkiCard card;
    private final long insertion;
    private final RsaSshPublicKey authKey;
    private final String comment;
    private boolean pinVerified;

    private CardSession(JpkiCard card, long insertion, RsaSshPublicKey authKey, String comment) {
      this.card = card;
      this.insertion = insertion;
      this.authKey = authKey;
      this.comment = comment;
    }

    /** The JPKI session, its AP selected. */
    public JpkiCard card() {
      return card;
    }

    /** Numbers the connections: a new value after every reconnect or release. */
    public long insertion() {
      return insertion;
    }

    /** The auth key, read once for this insertion. */
    public RsaSshPublicKey authKey() {
      return authKey;
    }

    /** The auth key's comment, as {@code jpki ssh-key} prints it. */
    public String comment() {
      return comment;
    }

    /** Whether the auth PIN was verified by the agent during this insertion. */
    public boolean pinVerified() {
      return pinVerified;
    }

    /** Records that the auth PIN was verified, or that the card no longer accepts it. */
    public void pinVerified(boolean verified) {
      this.pinVerified = verified;
    }
  }

  /** At most this many abandoned card threads may still be stuck before requests fail at once. */
  static final int MAX_STUCK = 3;

  private final CardSource source;
  private final ReadMode readMode;
  private final Consumer<String> log;
  private final Duration timeout;

  private final Object lock = new Object();
  private Lane lane; // the live card thread; guarded by lock
  private final List<Lane> stuck = new ArrayList<>(); // abandoned, still running; guarded by lock
  private boolean closed; // guarded by lock
  private int lanes; // guarded by lock

  // Shared by the lanes (a late, abandoned one never writes them).
  private final AtomicLong insertions = new AtomicLong();
  private volatile byte[] lastKeyBlob;

  /**
   * A worker with its thread started.
   *
   * @param source where connections come from
   * @param readMode how certificates are read
   * @param log told about connections, reconnections and card changes (one line each)
   * @param timeout how long {@link #call} waits for a task, queue included
   */
  public CardWorker(CardSource source, ReadMode readMode, Consumer<String> log, Duration timeout) {
    this.source = Objects.requireNonNull(source, "source");
    this.readMode = Objects.requireNonNull(readMode, "readMode");
    this.log = Objects.requireNonNull(log, "log");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    synchronized (lock) {
      this.lane = newLane();
    }
  }

  /** A worker with short reads and the default timeout. */
  public CardWorker(CardSource source, Consumer<String> log) {
    this(source, ReadMode.SHORT, log, DEFAULT_TIMEOUT);
  }

  /**
   * Runs a task on the card thread, connecting first if needed, and waits for its result. If the
   * task fails in a way a re-selection or a reconnection can mend, that is done and the task runs
   * once more (see the class comment); a task given here must therefore be safe to repeat.
   *
   * @throws io.github.jpki4j.apdu.NoCardException if there is no card (likewise {@code
   *     NoReaderException}, {@code PcscUnavailableException}: whatever the source throws)
   * @throws NotJpkiCardException if the card has no JPKI AP
   * @throws TransportException if the card failed during the task (the next call reconnects), or
   *     did not answer within the timeout (the next call runs on a fresh card thread and
   *     connection)
   * @throws CardCommandException if the card refused (as thrown by the task)
   * @throws AgentRefusedException as thrown by the task
   */
  public <T> T call(CardTask<T> task)
      throws IOException, CardCommandException, AgentRefusedException {
    Objects.requireNonNull(task, "task");
    return await(submit(l -> l.runTask(task, true)));
  }

  /**
   * Runs a task on the card thread once, never again: for tasks that send a PIN. Otherwise as
   * {@link #call}.
   */
  public <T> T callOnce(CardTask<T> task)
      throws IOException, CardCommandException, AgentRefusedException {
    Objects.requireNonNull(task, "task");
    return await(submit(l -> l.runTask(task, false)));
  }

  /**
   * Releases the card: disconnects with a reset (most cards forget the verified PIN), forgets the
   * cached key and verified state. The next {@link #call} connects again. Waits for it.
   *
   * @throws IOException if the card thread did not get to it within the timeout
   */
  public void release() throws IOException {
    try {
      await(
          submit(
              l -> {
                l.drop(true);
                lastKeyBlob = null;
                return null;
              }));
    } catch (CardCommandException | AgentRefusedException e) {
      throw new IllegalStateException(e); // not thrown by this task
    }
  }

  /** Releases the card (with a reset) and stops the thread. Idempotent. */
  @Override
  public void close() {
    Lane last;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      last = lane;
      last.queue.add(
          new Job<>(
              l -> {
                l.drop(true);
                return null;
              }));
      last.queue.add(Job.STOP);
    }
    try {
      last.thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // a stuck thread is a daemon: it ends with the JVM, or drops its card when it comes back
  }

  /** How many abandoned card threads are still stuck in a command (for tests and logs). */
  int stuckThreads() {
    synchronized (lock) {
      return stuck.size();
    }
  }

  private <T> Job<T> submit(LaneCall<T> body) throws IOException {
    Job<T> job = new Job<>(body);
    synchronized (lock) {
      if (closed) {
        throw new TransportException("the agent is shutting down");
      }
      if (stuck.size() >= MAX_STUCK) {
        throw new TransportException(
            "the card reader has not answered "
                + stuck.size()
                + " commands; take the card out and put it back (or reconnect the reader)");
      }
      lane.queue.add(job);
    }
    return job;
  }

  private <T> T await(Job<T> job) throws IOException, CardCommandException, AgentRefusedException {
    try {
      return job.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveUp(job, false);
      throw new InterruptedIOException("interrupted while waiting for the card");
    } catch (TimeoutException e) {
      giveUp(job, true);
      throw new TransportException("the card did not answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof CardCommandException c) {
        throw c;
      }
      if (cause instanceof AgentRefusedException r) {
        throw r;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The caller stopped waiting. A job still queued is dropped. A job that is running when its
   * caller timed out holds the card thread in a call that did not return: interrupting cannot
   * unblock a native PC/SC call, so the thread is abandoned with its connection (its result, if it
   * ever comes, is discarded) and a fresh thread takes the queue and connects anew.
   */
  private void giveUp(Job<?> job, boolean timedOut) {
    synchronized (lock) {
      job.result.cancel(false);
      if (job.lane == null) {
        lane.queue.remove(job);
        return;
      }
      Lane holder = job.lane;
      if (!timedOut || holder != lane || holder.current != job) {
        return;
      }
      holder.abandoned = true;
      stuck.add(holder);
      Lane fresh = newLane();
      holder.queue.drainTo(fresh.queue);
      lane = fresh;
    }
    log.accept(
        "the card did not answer within "
            + timeout.toSeconds()
            + " s: that request"
            + " failed; its card thread and connection were abandoned and the next request connects"
            + " anew (if this repeats, take the card out and put it back)");
  }

  private Lane newLane() {
    lanes++;
    Lane l = new Lane(lanes == 1 ? "jpki-card" : "jpki-card-" + lanes);
    l.thread.start();
    return l;
  }

  // ---- the card threads ----------------------------------------------------------------------

  @FunctionalInterface
  private interface LaneCall<T> {
    T call(Lane lane) throws Exception;
  }

  /** One request for the card thread; its result is discarded once its caller gave up. */
  private static final class Job<T> {
    static final Job<Void> STOP = new Job<>(l -> null);

    final LaneCall<T> body;
    final CompletableFuture<T> result = new CompletableFuture<>();
    volatile Lane lane; // the lane that took it; null while queued

    Job(LaneCall<T> body) {
      this.body = body;
    }
  }

  /**
   * A card thread with its own connection. Only the live lane takes requests; an abandoned one
   * finishes (or never finishes) its stuck request, discards the result, lets its connection go and
   * ends.
   */
  private final class Lane implements Runnable {
    final Thread thread;
    final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    volatile boolean abandoned;
    volatile Job<?> current;
    private long startedNanos;

    // This lane's card, used on its thread only.
    private ApduTransport raw;
    private CardSession session;

    Lane(String name) {
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (!abandoned) {
          Job<?> job;
          try {
            job = queue.take();
          } catch (InterruptedException e) {
            return;
          }
          if (job == Job.STOP) {
            return;
          }
          runJob(job);
        }
      } finally {
        if (abandoned) {
          comeBack();
        }
      }
    }

    private <T> void runJob(Job<T> job) {
      synchronized (lock) {
        if (job.result.isDone()) {
          return; // its caller gave up while it was queued
        }
        job.lane = this;
        current = job;
      }
      startedNanos = System.nanoTime();
      try {
        job.result.complete(job.body.call(this));
      } catch (Throwable t) {
        job.result.completeExceptionally(t);
      } finally {
        current = null;
      }
    }

    /** The abandoned lane's stuck call returned: let its card go, then say so, and end. */
    private void comeBack() {
      if (session != null) {
        source.release(raw, false);
      }
      session = null;
      raw = null;
      synchronized (lock) {
        stuck.remove(this);
      }
      log.accept(
          "a card command came back after "
              + Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds()
              + " s, too late: its result was discarded");
    }

    private void note(String line) {
      if (!abandoned) {
        log.accept(line);
      }
    }

    <T> T runTask(CardTask<T> task, boolean mayRepeat)
        throws IOException, CardCommandException, AgentRefusedException {
      CardSession s = ensureCard();
      try {
        return runExclusive(s, task);
      } catch (TransportException | CardCommandException e) {
        CardRecovery recovery = CardRecovery.after(e); // the driver's classification
        if (recovery == CardRecovery.GIVE_UP || abandoned) {
          throw e; // an abandoned lane does no more card work
        }
        if (!mayRepeat) {
          if (recovery == CardRecovery.RECONNECT) {
            lost(e);
          }
          throw e;
        }
        s = recover(s, recovery, e);
        return runExclusive(s, task);
      }
    }

    /** Re-selects the AP on the same connection, or reconnects when that is not possible. */
    private CardSession recover(CardSession s, CardRecovery recovery, Exception cause)
        throws IOException, CardCommandException {
      if (recovery == CardRecovery.RESELECT) {
        try {
          s.card.selectApplication();
          note("re-selected the JPKI application after: " + cause.getMessage());
          return s;
        } catch (TransportException | NotJpkiCardException e) {
          cause = e;
        }
      }
      lost(cause);
      return ensureCard();
    }

    private void lost(Exception cause) {
      note("lost the card (" + cause.getMessage() + "); reconnecting");
      drop(false);
    }

    private <T> T runExclusive(CardSession s, CardTask<T> task)
        throws IOException, CardCommandException, AgentRefusedException {
      ApduTransport transport = s.card.transport();
      transport.beginExclusive();
      try {
        return task.run(s);
      } finally {
        transport.endExclusive();
      }
    }

    private CardSession ensureCard()
        throws IOException, NotJpkiCardException, CardCommandException {
      if (session != null) {
        if (source.present(raw)) {
          return session;
        }
        note("the card is no longer in the reader");
        drop(false);
      }
      ApduTransport connection = source.connect();
      JpkiCard card;
      try {
        card = JpkiCard.open(new ReentrantExclusiveTransport(connection), readMode);
      } catch (IOException | NotJpkiCardException | RuntimeException e) {
        source.release(connection, false); // open() closed it already; releasing twice is fine
        throw e;
      }
      RsaSshPublicKey key;
      String comment;
      try {
        X509Certificate cert = card.readCertificate(JpkiCertificate.AUTH);
        key = CardSshKeys.publicKey(card, JpkiKey.AUTH);
        comment = CardSshKeys.defaultComment(cert);
      } catch (IOException | CardCommandException | RuntimeException e) {
        source.release(connection, false);
        card.close();
        throw e;
      }
      byte[] blob = key.blob();
      byte[] last = lastKeyBlob;
      if (last != null && !Arrays.equals(last, blob)) {
        note("another card: " + key.fingerprintSha256() + " (" + comment + ")");
      } else if (last == null) {
        note("card connected: " + key.fingerprintSha256() + " (" + comment + ")");
      } else {
        note("card reconnected: the same key");
      }
      if (!abandoned) {
        lastKeyBlob = blob;
      }
      raw = connection;
      session = new CardSession(card, insertions.incrementAndGet(), key, comment);
      return session;
    }

    private void drop(boolean reset) {
      if (session == null) {
        return;
      }
      source.release(raw, reset);
      session.card.close();
      session = null;
      raw = null;
    }
  }
}
