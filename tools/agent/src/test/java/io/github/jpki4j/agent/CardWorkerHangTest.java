package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.JpkiAgentBackendTest.ScriptedPins;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.testsupport.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A card that stops answering in the middle of a signature. The worker's wait used to cancel the
 * task without interrupting it, and interrupting could not have unblocked a native PC/SC call
 * anyway: the one card thread stayed stuck and every later request waited its full timeout behind
 * it, for good. Now the hung request fails, its thread and connection are abandoned, and the next
 * request gets a fresh thread and connection.
 *
 * <p>No check depends on this machine's speed. The worker's {@link #TIMEOUT} is the only deadline:
 * it is long enough for a signature on a loaded machine, a hung request fails no sooner, and a
 * request that must not wait behind the stuck thread is answered while that thread is still stuck
 * (it is released only when the test says so), or fails well within the timeout.
 */
@Timeout(180)
class CardWorkerHangTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] DATA = "hang".getBytes(StandardCharsets.US_ASCII);

  /** Connections to the simulated card whose next signature command never answers when armed. */
  static final class HangingSource implements CardSource {
    final CardSource inner;
    volatile boolean armed;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    HangingSource(VirtualCard card) {
      inner = CardSource.of(card.terminal(), Duration.ZERO);
    }

    @Override
    public ApduTransport connect() throws IOException {
      return new Hanging(inner.connect());
    }

    @Override
    public boolean present(ApduTransport connection) {
      return inner.present(((Hanging) connection).raw());
    }

    @Override
    public void release(ApduTransport transport, boolean reset) {
      inner.release(((Hanging) transport).raw(), reset);
    }

    final class Hanging extends ForwardingTransport {
      Hanging(ApduTransport raw) {
        super(raw);
      }

      ApduTransport raw() {
        return inner;
      }

      @Override
      public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
        if (armed && command.getINS() == 0x2A) {
          armed = false;
          reached.countDown();
          try {
            released.await(150, TimeUnit.SECONDS); // a reader that stopped answering
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new TransmitFailedException(
              "the card reader could not carry the command" + " (SCARD_E_TIMEOUT)", null);
        }
        return inner.transmit(command);
      }

      @Override
      public void close() {
        // released through the source, which sees the real connection
      }
    }
  }

  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final ScriptedPins pins = new ScriptedPins();
  private VirtualCard card;
  private HangingSource source;
  private CardWorker worker;
  private JpkiAgentBackend backend;
  private byte[] key;

  @BeforeEach
  void start() {
    card = VirtualCard.create(TestAgent.identity());
    source = new HangingSource(card);
    worker = new CardWorker(source, ReadMode.SHORT, log::add, TIMEOUT);
    backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
    key = RsaSshPublicKey.of(TestAgent.identity().authPublicKey()).blob();
  }

  @AfterEach
  void stop() {
    source.released.countDown();
    worker.close();
    card.close();
  }

  /** A signature that verifies; a refusal names how long it took and what the worker logged. */
  private void signsCorrectly() throws Exception {
    long t0 = System.nanoTime();
    byte[] blob;
    try {
      blob = backend.sign(key, DATA, 4);
    } catch (AgentRefusedException e) {
      throw new AssertionError(
          "refused after "
              + (System.nanoTime() - t0) / 1_000_000
              + " ms (the worker's timeout is "
              + TIMEOUT.toMillis()
              + " ms); log: "
              + log,
          e);
    }
    SshSignature sig = SshSignature.parse(blob);
    assertTrue(sig.verify(RsaSshPublicKey.fromBlob(key), DATA), "a signature that verifies");
  }

  /** Signs while the stuck thread is still stuck: it did not wait for that thread. */
  private void signsWhileStuck() throws Exception {
    signsCorrectly();
    assertEquals(1, source.released.getCount(), "the stuck command was not let go");
    assertTrue(worker.stuckThreads() > 0, "answered while the stuck thread was still stuck");
  }

  private void hangs() throws Exception {
    int stuckBefore = worker.stuckThreads();
    source.armed = true;
    long t0 = System.nanoTime();
    assertThrows(AgentRefusedException.class, () -> backend.sign(key, DATA, 4));
    long took = System.nanoTime() - t0;
    assertEquals(0, source.reached.getCount(), "the card got the signature command");
    // Not sooner than the timeout; no later bound: the command is still held (until the test lets
    // it go), so returning at all means the request gave up on it.
    assertTrue(
        took >= TIMEOUT.toNanos(),
        "the hung request failed after "
            + took / 1_000_000
            + " ms, before the timeout of "
            + TIMEOUT.toMillis()
            + " ms");
    assertEquals(1, source.released.getCount(), "the stuck command is still held");
    assertEquals(stuckBefore + 1, worker.stuckThreads(), log::toString);
  }

  /** Asserts that {@code call} failed at once: well within the timeout it would otherwise wait. */
  private static void atOnce(String what, long t0) {
    long took = System.nanoTime() - t0;
    assertTrue(
        took < TIMEOUT.toNanos() / 2,
        what
            + " took "
            + took / 1_000_000
            + " ms: not at once, but near the worker's timeout of "
            + TIMEOUT.toMillis()
            + " ms it must not wait");
  }

  private void awaitComeBack() throws Exception {
    // the stuck thread ends, then logs: wait for both
    Await.until(
        "the stuck card thread to come back and end",
        () -> worker.stuckThreads() + " stuck; log " + log,
        () ->
            worker.stuckThreads() == 0
                && log.stream().anyMatch(l -> l.contains("too late: its result was discarded")));
  }

  @Test
  void aHungCardCostsOneRequestThenTheCardIsTakenOutAndPutBack() throws Exception {
    signsCorrectly();
    assertEquals(1, pins.requests.size());
    hangs();
    assertTrue(log.stream().anyMatch(l -> l.contains("abandoned")), log::toString);

    // The stuck command still holds the card: the user takes it out and puts it back. The next
    // request runs on a fresh thread and connection (a new insertion: the PIN is asked again).
    card.removeCard();
    card.insertCard();
    signsWhileStuck();
    assertEquals(2, pins.requests.size());

    // The stuck call finally returns: its result is discarded, the new connection is untouched.
    source.released.countDown();
    awaitComeBack();
    signsCorrectly();
    assertEquals(2, pins.requests.size(), "no PIN asked again: the new connection is intact");
    assertEquals(3, card.pinState().authTriesLeft());
  }

  @Test
  void whileTheCardIsStuckRequestsFailAtOnceAndServeAgainWhenItAnswers() throws Exception {
    signsCorrectly();
    hangs();
    // The stuck command still holds the card's exclusive access: a request does not wait the
    // timeout behind it, it fails at once (no key to list).
    long t0 = System.nanoTime();
    assertEquals(0, backend.identities().size());
    atOnce("listing the keys behind the stuck thread", t0);

    source.released.countDown(); // the reader answers at last (with an error)
    awaitComeBack();
    assertEquals(1, backend.identities().size());
    signsCorrectly();
    assertEquals(3, card.pinState().authTriesLeft());
  }

  @Test
  void stuckThreadsAreBoundedRequestsFailAtOnceBeyond() throws Exception {
    signsCorrectly();
    hangs();
    for (int i = 2; i <= CardWorker.MAX_STUCK; i++) {
      // each new stuck thread needs the card out and in, so that a new connection gets through
      card.removeCard();
      card.insertCard();
      signsWhileStuck();
      source.armed = true;
      assertThrows(AgentRefusedException.class, () -> backend.sign(key, DATA, 4));
    }
    assertEquals(CardWorker.MAX_STUCK, worker.stuckThreads(), log::toString);
    long t0 = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> worker.call(s -> null));
    atOnce("a request beyond " + CardWorker.MAX_STUCK + " stuck threads", t0);
    assertTrue(e.getMessage().contains("take the card out and put it back"), e.getMessage());
    source.released.countDown();
    awaitComeBack();
    card.removeCard();
    card.insertCard();
    signsCorrectly();
  }
}
