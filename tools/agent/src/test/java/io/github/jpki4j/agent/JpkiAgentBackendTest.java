package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.testsupport.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's policy on simulated cards, without sockets or OpenSSH. */
class JpkiAgentBackendTest {
  private static final byte[] DATA = "session data".getBytes(StandardCharsets.US_ASCII);

  /**
   * A card source whose card the test swaps, counting the PIN counter reads (an empty VERIFY,
   * free): each is a request that found the PIN not verified.
   */
  static final class SwappableSource implements CardSource {
    volatile VirtualCard card;
    final AtomicInteger counterReads = new AtomicInteger();

    SwappableSource(VirtualCard card) {
      this.card = card;
    }

    @Override
    public ApduTransport connect() throws IOException {
      return new Counting(CardSource.of(card.terminal(), Duration.ZERO).connect());
    }

    @Override
    public void release(ApduTransport transport, boolean reset) {
      ApduTransport raw = transport instanceof Counting c ? c.raw() : transport;
      CardSource.of(card.terminal(), Duration.ZERO).release(raw, reset);
    }

    final class Counting extends ForwardingTransport {
      Counting(ApduTransport raw) {
        super(raw);
      }

      ApduTransport raw() {
        return inner;
      }

      @Override
      public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
        if (command.getINS() == 0x20 && command.getNc() == 0) {
          counterReads.incrementAndGet();
        }
        return inner.transmit(command);
      }
    }
  }

  /** A PIN source that answers from a field and records what it was shown, and on which thread. */
  static final class ScriptedPins implements PinSource {
    volatile String answer = PinState.DEFAULT_AUTH_PIN;
    volatile boolean cancel;
    volatile Runnable duringPrompt = () -> {};
    final ConcurrentLinkedQueue<PinRequest> requests = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

    @Override
    public char[] readPin(PinRequest request) throws PinEntryException {
      requests.add(request);
      threads.add(Thread.currentThread().getName());
      duringPrompt.run();
      if (cancel) {
        throw new PinEntryException("cancelled", true);
      }
      return answer.toCharArray();
    }

    PinRequest last() {
      return new ArrayList<>(requests).get(requests.size() - 1);
    }
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final ScriptedPins pins = new ScriptedPins();
  private VirtualCard card;
  private SwappableSource source;
  private JpkiAgentBackend backend;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private VirtualCard newCard(TestIdentity identity) {
    VirtualCard c = VirtualCard.create(identity);
    toClose.add(c);
    return c;
  }

  private JpkiAgentBackend backend(boolean allowSha1) {
    card = newCard(TestAgent.identity());
    source = new SwappableSource(card);
    CardWorker worker =
        new CardWorker(
            source, io.github.jpki4j.jpki.ReadMode.SHORT, log::add, Duration.ofSeconds(20));
    toClose.add(worker);
    backend = new JpkiAgentBackend(worker, pins, allowSha1, log::add, log::add);
    return backend;
  }

  private static byte[] keyBlob(TestIdentity identity) {
    return RsaSshPublicKey.of(identity.authPublicKey()).blob();
  }

  private static void assertVerifies(
      byte[] blob, SshSignatureAlgorithm expected, TestIdentity identity) throws Exception {
    SshSignature sig = SshSignature.parse(blob);
    assertEquals(expected, sig.algorithm());
    assertTrue(sig.verify(RsaSshPublicKey.of(identity.authPublicKey()), DATA));
  }

  @Test
  void signsRsaSha2AsTheFlagsAskAndListsTheKey() throws Exception {
    backend(false);
    List<Identity> ids = backend.identities();
    assertEquals(1, ids.size());
    assertEquals(
        TestAgent.keyLine(),
        RsaSshPublicKey.fromBlob(ids.get(0).keyBlob().toByteArray())
            .toAuthorizedKeysLine(ids.get(0).comment()));
    byte[] blob = keyBlob(TestAgent.identity());
    assertVerifies(
        backend.sign(blob, DATA, 4), SshSignatureAlgorithm.RSA_SHA2_512, TestAgent.identity());
    assertVerifies(
        backend.sign(blob, DATA, 2), SshSignatureAlgorithm.RSA_SHA2_256, TestAgent.identity());
    assertEquals(1, pins.requests.size());
    PinRequest r = pins.last();
    assertTrue(r.description().contains("3 of 3 tries left"), r.description());
    assertEquals("Auth PIN:", r.prompt());
    assertNull(r.error());
  }

  @Test
  void sha1IsRefusedUnlessAllowed() throws Exception {
    backend(false);
    byte[] blob = keyBlob(TestAgent.identity());
    assertThrows(AgentRefusedException.class, () -> backend.sign(blob, DATA, 0));
    assertEquals(0, pins.requests.size(), "refused before any PIN");
    closeAll();
    toClose.clear();
    backend(true);
    assertVerifies(
        backend.sign(blob, DATA, 0), SshSignatureAlgorithm.SSH_RSA, TestAgent.identity());
  }

  @Test
  void anotherKeyIsRefusedWithoutAPrompt() throws Exception {
    backend(false);
    byte[] other = keyBlob(TestAgent.identity()).clone();
    other[other.length - 1] ^= 1;
    assertThrows(AgentRefusedException.class, () -> backend.sign(other, DATA, 4));
    assertEquals(0, pins.requests.size());
  }

  @Test
  void noCardMeansNoKeysNotAFailure() throws Exception {
    backend(false);
    card.removeCard();
    assertEquals(List.of(), backend.identities());
    assertThrows(
        AgentRefusedException.class, () -> backend.sign(keyBlob(TestAgent.identity()), DATA, 4));
    card.insertCard();
    assertEquals(1, backend.identities().size());
  }

  @Test
  void anotherCardForgetsTheKeyAndThePin() throws Exception {
    backend(false);
    byte[] first = keyBlob(TestAgent.identity());
    backend.sign(first, DATA, 4);
    assertEquals(1, pins.requests.size());

    TestIdentity otherIdentity = TestIdentity.generate(TestAgent.SEED + 1);
    VirtualCard other = newCard(otherIdentity);
    card.removeCard();
    source.card = other;
    List<Identity> ids = backend.identities();
    byte[] second = keyBlob(otherIdentity);
    assertEquals(1, ids.size());
    assertEquals(Bytes.of(second), ids.get(0).keyBlob(), "the new card's key");
    assertThrows(
        AgentRefusedException.class,
        () -> backend.sign(first, DATA, 4),
        "the old card's key is gone");
    assertVerifies(
        backend.sign(second, DATA, 4), SshSignatureAlgorithm.RSA_SHA2_512, otherIdentity);
    assertEquals(2, pins.requests.size(), "the new card needs its own PIN");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("another card")), log::toString);
  }

  @Test
  void malformedPinCostsNoTryAndTheNextPromptSaysWhy() throws Exception {
    backend(false);
    byte[] blob = keyBlob(TestAgent.identity());
    pins.answer = "12";
    assertThrows(AgentRefusedException.class, () -> backend.sign(blob, DATA, 4));
    assertEquals(3, card.pinState().authTriesLeft());
    pins.answer = "1234";
    backend.sign(blob, DATA, 4);
    assertTrue(pins.last().error().contains("4 digits"), pins.last().error());
  }

  @Test
  void wrongPinIsNeverRetriedAndTheErrorClearsAfterSuccess() throws Exception {
    backend(false);
    byte[] blob = keyBlob(TestAgent.identity());
    pins.answer = "0000";
    assertThrows(AgentRefusedException.class, () -> backend.sign(blob, DATA, 4));
    assertEquals(1, pins.requests.size());
    assertEquals(2, card.pinState().authTriesLeft());
    pins.answer = "1234";
    backend.sign(blob, DATA, 4);
    assertEquals("Wrong PIN: 2 tries left", pins.last().error());
    backend.removeAll();
    backend.sign(blob, DATA, 4);
    assertNull(pins.last().error());
    assertEquals(3, pins.requests.size());
  }

  @Test
  void cancelledPromptCostsNoTry() throws Exception {
    backend(false);
    pins.cancel = true;
    assertThrows(
        AgentRefusedException.class, () -> backend.sign(keyBlob(TestAgent.identity()), DATA, 4));
    assertEquals(3, card.pinState().authTriesLeft());
  }

  /**
   * The first prompt stays open until every other request has found the PIN not verified (its
   * counter read) and waits in the agent: requests that ran one after another would never get
   * there, and requests that did not share the prompt would each ask.
   */
  @Test
  void concurrentSignaturesShareOnePrompt() throws Exception {
    backend(false);
    byte[] blob = keyBlob(TestAgent.identity());
    int n = 8;
    List<Thread> requesters = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "request-" + requesters.size());
              requesters.add(t);
              return t;
            });
    pins.duringPrompt =
        () -> {
          try {
            Await.until(
                (n - 1) + " other requests to find the PIN not verified and wait for this prompt",
                () ->
                    source.counterReads.get()
                        + " counter reads; "
                        + requesters.stream()
                            .map(t -> t.getName() + " " + t.getState())
                            .collect(Collectors.joining(", ")),
                () ->
                    // each request that found the PIN not verified read the counter at least
                    // once; run one after another, only this one would have by now
                    source.counterReads.get() >= n
                        && requesters.stream()
                                .filter(t -> t != Thread.currentThread())
                                .filter(JpkiAgentBackendTest::waitsInTheAgent)
                                .count()
                            == n - 1);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        };
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> backend.sign(blob, DATA, 4)));
      }
      for (Future<byte[]> f : results) {
        assertVerifies(
            f.get(30, TimeUnit.SECONDS), SshSignatureAlgorithm.RSA_SHA2_512, TestAgent.identity());
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(1, pins.requests.size());
  }

  /** Blocked or waiting in the agent's sign, not in a card task: it waits for another's prompt. */
  private static boolean waitsInTheAgent(Thread t) {
    Thread.State state = t.getState();
    if (state != Thread.State.BLOCKED && state != Thread.State.WAITING) {
      return false;
    }
    boolean inSign = false;
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals(CardWorker.class.getName())) {
        return false; // waiting for the card thread, not for the prompt
      }
      if (frame.getClassName().equals(JpkiAgentBackend.class.getName())
          && frame.getMethodName().equals("sign")) {
        inSign = true;
      }
    }
    return inSign;
  }

  @Test
  void thePromptHoldsNeitherTheCardThreadNorTheCard() throws Exception {
    backend(false);
    List<Integer> listedDuringPrompt = new ArrayList<>();
    pins.duringPrompt =
        () -> {
          try {
            listedDuringPrompt.add(backend.identities().size());
          } catch (AgentRefusedException e) {
            throw new AssertionError(e);
          }
        };
    backend.sign(keyBlob(TestAgent.identity()), DATA, 4);
    assertEquals(List.of(1), listedDuringPrompt, "the card answered while the prompt was open");
    assertNotEquals("jpki-card", pins.threads.peek());
  }

  @Test
  void aCardResetByAnotherProgramAsksAgain() throws Exception {
    backend(false);
    byte[] blob = keyBlob(TestAgent.identity());
    backend.sign(blob, DATA, 4);
    backend.sign(blob, DATA, 4);
    assertEquals(1, pins.requests.size());
    card.reset();
    backend.sign(blob, DATA, 4);
    assertEquals(2, pins.requests.size());
  }

  @Test
  void lockAndUnlockAreRefusedRemoveAllSucceeds() throws Exception {
    backend(false);
    AgentRequestHandler handler = new AgentRequestHandler(backend);
    assertInstanceOf(
        AgentReply.Failure.class,
        handler.handle(AgentRequest.LockRequest.lock("pass".getBytes(StandardCharsets.US_ASCII))));
    assertInstanceOf(
        AgentReply.Failure.class,
        handler.handle(
            AgentRequest.LockRequest.unlock("pass".getBytes(StandardCharsets.US_ASCII))));
    assertInstanceOf(
        AgentReply.Success.class, handler.handle(new AgentRequest.RemoveAllIdentities()));
  }
}
