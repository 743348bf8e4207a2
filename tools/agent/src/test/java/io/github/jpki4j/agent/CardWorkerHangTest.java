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
 */
@Timeout(60)
class CardWorkerHangTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
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
            released.await(50, TimeUnit.SECONDS); // a reader that stopped answering
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

  private void signsCorrectly() throws Exception {
    long t0 = System.nanoTime();
    SshSignature sig = SshSignature.parse(backend.sign(key, DATA, 4));
    assertTrue(sig.verify(RsaSshPublicKey.fromBlob(key), DATA), "a signature that verifies");
    assertTrue(
        System.nanoTime() - t0 < TIMEOUT.toNanos(),
        "answered without waiting for the" + " stuck thread");
  }

  private void hangs() throws Exception {
    source.armed = true;
    long t0 = System.nanoTime();
    assertThrows(AgentRefusedException.class, () -> backend.sign(key, DATA, 4));
    long took = System.nanoTime() - t0;
    assertTrue(source.reached.getCount() == 0, "the card got the signature command");
    assertTrue(
        took >= TIMEOUT.toNanos() && took < TIMEOUT.toNanos() * 3,
        "the hung request fails after the timeout: " + took / 1_000_000 + " ms");
    assertEquals(1, worker.stuckThreads());
  }

  private void awaitComeBack() {
    // the stuck thread ends, then logs: wait for both, bounded in time
    long deadline = System.nanoTime() + 30_000_000_000L;
    while ((worker.stuckThreads() > 0
            || log.stream().noneMatch(l -> l.contains("too late: its result was discarded")))
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertEquals(0, worker.stuckThreads(), "the stuck thread came back and ended");
    assertTrue(
        log.stream().anyMatch(l -> l.contains("too late: its result was discarded")),
        log::toString);
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
    signsCorrectly();
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
    assertTrue(System.nanoTime() - t0 < TIMEOUT.toNanos(), "no wait behind the stuck thread");

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
      signsCorrectly();
      HangingSource s = source;
      s.armed = true;
      assertThrows(AgentRefusedException.class, () -> backend.sign(key, DATA, 4));
    }
    assertEquals(CardWorker.MAX_STUCK, worker.stuckThreads());
    long t0 = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> worker.call(s -> null));
    assertTrue(System.nanoTime() - t0 < TIMEOUT.toNanos() / 2, "refused at once");
    assertTrue(e.getMessage().contains("take the card out and put it back"), e.getMessage());
    source.released.countDown();
    awaitComeBack();
    card.removeCard();
    card.insertCard();
    signsCorrectly();
  }
}
