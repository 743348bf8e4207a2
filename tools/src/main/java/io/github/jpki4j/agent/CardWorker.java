package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.PinRequiredException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one thread that owns the card (apdu4j's {@code ReaderExecutor}, yubikey-agent's {@code
 * ensureYK}): every card operation is a {@link CardTask} queued here and run in turn, so
 * connection threads never touch the card and never race each other on it.
 *
 * <p>No APDU is spent on checking that the card is alive: re-selecting the AP would cost an APDU
 * per request and, on some cards, the verified PIN (docs/card-protocol.md §11). Before a task the
 * worker asks PC/SC whether the card is present, and taking exclusive access fails if it was
 * pulled or reset since (PC/SC tracks that per connection); then the task sends its commands
 * directly. When they fail in a way that another program or a card event explains — a transmit
 * error, the card removed or reset, {@code 6A82} or {@code 6986} (another application or no EF
 * selected), {@code 6982} (the card lost the verified state) — the worker recovers once: it
 * re-selects the JPKI AP, or connects afresh when the connection is gone, and runs the task again.
 * {@link #callOnce} never runs a task twice: a task that sends a PIN uses it, so that no PIN is
 * ever sent without the user being asked.
 *
 * <p>Each new connection is a new {@linkplain CardSession#insertion() insertion}: the auth
 * certificate is read once and its key and comment cached for it, and the PIN counts as not
 * verified. When the new card's key differs from the last one, another card was inserted; that is
 * logged.
 *
 * <p>Exclusive access: each task runs inside {@code beginExclusive()}/{@code endExclusive()}, so
 * no other program slips a command between ours within one operation (a counter read and its
 * VERIFY, a key selection and its signature), and the card is shared again between tasks. A PIN
 * is never asked for inside a task: callers ask between two tasks, with the card released, and
 * check that the {@linkplain CardSession#insertion() insertion} did not change meanwhile.
 *
 * <p>{@link #release()} ({@code ssh-add -D}) disconnects resetting the card and forgets the cached
 * key; the next task reconnects, as a new insertion. Most cards forget the verified PIN on the
 * reset; some keep it (only power loss clears theirs), which the agent cannot tell.
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

  private final CardSource source;
  private final ReadMode readMode;
  private final Consumer<String> log;
  private final Duration timeout;
  private final ThreadPoolExecutor thread;

  // Card-thread state.
  private ApduTransport raw;
  private CardSession session;
  private long insertions;
  private byte[] lastKeyBlob;

  /**
   * A worker with its thread started.
   *
   * @param source where connections come from
   * @param readMode how certificates are read
   * @param log told about connections, reconnections and card changes (one line each)
   * @param timeout how long {@link #call} waits for a task, queue included
   */
  public CardWorker(CardSource source, ReadMode readMode, Consumer<String> log,
      Duration timeout) {
    this.source = Objects.requireNonNull(source, "source");
    this.readMode = Objects.requireNonNull(readMode, "readMode");
    this.log = Objects.requireNonNull(log, "log");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "jpki-card");
          t.setDaemon(true);
          return t;
        });
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
   *     did not answer within the timeout
   * @throws CardCommandException if the card refused (as thrown by the task)
   * @throws AgentRefusedException as thrown by the task
   */
  public <T> T call(CardTask<T> task)
      throws IOException, CardCommandException, AgentRefusedException {
    Objects.requireNonNull(task, "task");
    return await(submit(() -> runTask(task, true)));
  }

  /**
   * Runs a task on the card thread once, never again: for tasks that send a PIN. Otherwise as
   * {@link #call}.
   */
  public <T> T callOnce(CardTask<T> task)
      throws IOException, CardCommandException, AgentRefusedException {
    Objects.requireNonNull(task, "task");
    return await(submit(() -> runTask(task, false)));
  }

  /**
   * Releases the card: disconnects with a reset (most cards forget the verified PIN), forgets the
   * cached key and verified state. The next {@link #call} connects again. Waits for it.
   *
   * @throws IOException if the card thread did not get to it within the timeout
   */
  public void release() throws IOException {
    try {
      await(submit(() -> {
        drop(true);
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
    if (thread.isShutdown()) {
      return;
    }
    try {
      // best effort, not awaited: the shutdown below waits for it, and its failure is ignored
      Future<?> unused = thread.submit(() -> drop(true));
    } catch (RejectedExecutionException e) {
      // closed concurrently
    }
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> Future<T> submit(Callable<T> c) throws IOException {
    try {
      return thread.submit(c);
    } catch (RejectedExecutionException e) {
      throw new TransportException("the agent is shutting down");
    }
  }

  private <T> T await(Future<T> future)
      throws IOException, CardCommandException, AgentRefusedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new InterruptedIOException("interrupted while waiting for the card");
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new TransportException("the card did not answer within " + timeout.toSeconds()
          + " s");
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

  // ---- on the card thread ------------------------------------------------------------------

  private <T> T runTask(CardTask<T> task, boolean mayRepeat)
      throws IOException, CardCommandException, AgentRefusedException {
    CardSession s = ensureCard();
    try {
      return runExclusive(s, task);
    } catch (TransportException | IllegalStateException | CardCommandException e) {
      Recovery recovery = recovery(e);
      if (recovery == Recovery.NONE) {
        throw e;
      }
      if (!mayRepeat) {
        if (recovery == Recovery.RECONNECT) {
          lost(e);
        }
        throw e;
      }
      s = recover(s, recovery, e);
      return runExclusive(s, task);
    }
  }

  private enum Recovery { NONE, RESELECT, RECONNECT }

  private static Recovery recovery(Exception e) {
    if (e instanceof TransmitFailedException) {
      return Recovery.RESELECT; // the card may still be there
    }
    if (e instanceof TransportException || e instanceof IllegalStateException) {
      return Recovery.RECONNECT; // removed, reset by another program, reader or service gone
    }
    if (e instanceof PinRequiredException) {
      return Recovery.RESELECT;
    }
    if (e instanceof ApduException a && (a.sw() == StatusWords.FILE_NOT_FOUND
        || a.sw() == StatusWords.COMMAND_NOT_ALLOWED)) {
      return Recovery.RESELECT; // another program selected another application
    }
    return Recovery.NONE;
  }

  /** Re-selects the AP on the same connection, or reconnects when that is not possible. */
  private CardSession recover(CardSession s, Recovery recovery, Exception cause)
      throws IOException, CardCommandException {
    if (recovery == Recovery.RESELECT) {
      try {
        s.card.selectApplication();
        log.accept("re-selected the JPKI application after: " + cause.getMessage());
        return s;
      } catch (TransportException | IllegalStateException | NotJpkiCardException e) {
        cause = e;
      }
    }
    lost(cause);
    return ensureCard();
  }

  private void lost(Exception cause) {
    log.accept("lost the card (" + cause.getMessage() + "); reconnecting");
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

  private CardSession ensureCard() throws IOException, NotJpkiCardException, CardCommandException {
    if (session != null) {
      if (source.present(raw)) {
        return session;
      }
      log.accept("the card is no longer in the reader");
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
    if (lastKeyBlob != null && !Arrays.equals(lastKeyBlob, blob)) {
      log.accept("another card: " + key.fingerprintSha256() + " (" + comment + ")");
    } else if (lastKeyBlob == null) {
      log.accept("card connected: " + key.fingerprintSha256() + " (" + comment + ")");
    } else {
      log.accept("card reconnected: the same key");
    }
    lastKeyBlob = blob;
    raw = connection;
    session = new CardSession(card, ++insertions, key, comment);
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
