package io.github.jpki4j.simtest.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.simtest.faults.FaultPlan.Exchange;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.testsupport.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every fault at every APDU of an agent signature ({@link JpkiAgentBackend} over a {@link
 * CardWorker} whose card connections pass through a {@link FaultInjectingTransport}), in two
 * states: the first signature of an insertion (connect, read the key, ask the PIN, verify, sign)
 * and a later one (the PIN verified: select the key, sign). A removal pulls the simulated card and
 * puts it back, as a user would. For every fault kind and every k:
 *
 * <ul>
 *   <li>the request answers a signature that verifies against the card's certificate, or is refused
 *       (what the client sees as {@code SSH_AGENT_FAILURE}); a hang is refused after the worker's
 *       timeout;
 *   <li>no VERIFY carries a PIN without a prompt for it; after a VERIFY whose answer was lost, the
 *       counter is read (free) before any other VERIFY;
 *   <li>once the fault is gone, the next request is answered with a correct signature;
 *   <li>the card's PIN counter is still full.
 * </ul>
 *
 * <p>No check depends on this machine's speed: the worker's {@link #TIMEOUT} is long enough for a
 * signature on a loaded machine, and the faulty request must have waited out that timeout at most
 * once (counted in the worker's log), and only for a hang.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AgentFaultsTest {
  static final Map<String, Map<Fault, Integer>> INJECTED = new LinkedHashMap<>();

  /** Of those, how many requests still got a (verified) signature. */
  static final Map<String, Map<Fault, Integer>> SIGNED_ANYWAY = new LinkedHashMap<>();

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * How the worker's log line starts each time a caller waited out its timeout and the card thread
   * was abandoned (CardWorker.giveUp); the backend's refusal repeats the words, not the line.
   */
  private static final String TIMED_OUT = "the card did not answer within";

  private static final byte[] DATA = "agent fault".getBytes(StandardCharsets.US_ASCII);

  static TestIdentity identity;
  static RsaSshPublicKey key;

  @BeforeAll
  static void identity() {
    identity = TestIdentity.defaultIdentity();
    key = RsaSshPublicKey.of(identity.authPublicKey());
  }

  @AfterAll
  static void report() throws Exception {
    FaultReport.write(
        "agent",
        FaultReport.describe("Agent faults injected", INJECTED, "signed anyway", SIGNED_ANYWAY));
  }

  /** Answers the right PIN and counts the prompts. */
  static final class CountingPins implements PinSource {
    final AtomicInteger prompts = new AtomicInteger();
    final ConcurrentLinkedQueue<String> shown = new ConcurrentLinkedQueue<>();

    @Override
    public char[] readPin(PinRequest request) {
      prompts.incrementAndGet();
      shown.add(request.description());
      return PinState.DEFAULT_AUTH_PIN.toCharArray();
    }
  }

  /** One agent on a fresh card, its connections behind the plan. */
  static final class Agent implements AutoCloseable {
    final VirtualCard card = VirtualCard.create(identity);
    final FaultPlan plan = new FaultPlan();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final CountingPins pins = new CountingPins();
    final CardWorker worker;
    final JpkiAgentBackend backend;

    Agent() {
      plan.onRemoval(
          () -> {
            card.removeCard(); // pulled out ...
            card.insertCard(); // ... and put back
          });
      worker =
          new CardWorker(
              new FaultyCardSource(CardSource.of(card.terminal(), Duration.ZERO), plan),
              ReadMode.SHORT,
              log::add,
              TIMEOUT);
      backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
    }

    /** A signature that verifies, or null for a refusal. */
    byte[] sign() throws Exception {
      byte[] blob;
      try {
        blob = backend.sign(key.blob(), DATA, 4);
      } catch (AgentRefusedException e) {
        return null;
      }
      SshSignature sig = SshSignature.parse(blob);
      assertTrue(sig.verify(key, DATA), "the agent answered a signature that does not verify");
      return blob;
    }

    /** Waits until every abandoned card thread has come back. */
    void awaitStuckThreadsBack(int hung) throws Exception {
      Await.until(
          hung + " stuck card thread(s) to come back once the hang was let go",
          () -> "log " + log,
          () ->
              log.stream().filter(l -> l.contains("too late: its result was discarded")).count()
                  >= hung);
    }

    /** How many times a caller waited out the worker's timeout. */
    long timeouts() {
      return log.stream().filter(l -> l.startsWith(TIMED_OUT) && l.contains("abandoned")).count();
    }

    @Override
    public void close() {
      plan.disarm();
      worker.close();
      card.close();
    }
  }

  private static void everyFaultAtEveryApdu(String name, boolean pinVerifiedFirst)
      throws Exception {
    int n;
    try (Agent clean = new Agent()) {
      if (pinVerifiedFirst) {
        assertTrue(clean.sign() != null, () -> "the first signature, no fault: log " + clean.log);
      }
      clean.plan.reset();
      assertTrue(clean.sign() != null, () -> "clean run: log " + clean.log);
      n = clean.plan.seen();
    }
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    Map<Fault, Integer> signed = new EnumMap<>(Fault.class);
    List<String> problems = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (int k = 1; k <= n; k++) {
        try (Agent a = new Agent()) {
          if (pinVerifiedFirst) {
            assertTrue(a.sign() != null, () -> "the first signature, no fault: log " + a.log);
          }
          int promptsBefore = a.pins.prompts.get();
          a.plan.arm(fault, k);
          long t0 = System.nanoTime();
          boolean gotSignature = a.sign() != null; // one that verifies, or a refusal
          long took = System.nanoTime() - t0;
          long faultyTimeouts = a.timeouts();
          signed.merge(fault, gotSignature ? 1 : 0, Integer::sum);
          counts.merge(fault, a.plan.injected(), Integer::sum);
          a.plan.disarm(); // the fault is gone (a hang is let go)
          if (fault == Fault.HANG && a.plan.awaitHang(0)) {
            a.awaitStuckThreadsBack(1);
          }
          long t1 = System.nanoTime();
          byte[] next = a.sign();
          long nextTook = System.nanoTime() - t1;
          String problem = check(a, fault, k, took, faultyTimeouts, next, nextTook, promptsBefore);
          if (problem != null) {
            problems.add(
                name
                    + ", "
                    + fault
                    + " at APDU "
                    + k
                    + ": "
                    + problem
                    + "\n    "
                    + a.plan.exchanges()
                    + "\n    log "
                    + a.log);
          }
        }
      }
    }
    INJECTED.put(name, counts);
    SIGNED_ANYWAY.put(name, signed);
    assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
  }

  private static String check(
      Agent a,
      Fault fault,
      int k,
      long tookNanos,
      long faultyTimeouts,
      byte[] next,
      long nextNanos,
      int promptsBefore) {
    if (a.plan.injected() != 1) {
      return a.plan.injected() + " faults injected, not 1";
    }
    long allowed = fault == Fault.HANG ? 1 : 0;
    if (faultyTimeouts > allowed) {
      // a request that waited out the timeout with no hang injected: either this machine took
      // longer than the timeout for a card command, or the agent waited on a card that answered
      return "the faulty request waited out the worker's timeout of "
          + TIMEOUT.toMillis()
          + " ms "
          + faultyTimeouts
          + " times (at most "
          + allowed
          + " for "
          + fault
          + "); it took "
          + tookNanos / 1_000_000
          + " ms";
    }
    if (next == null) {
      return "the next request, with the fault gone, was refused after "
          + nextNanos / 1_000_000
          + " ms (the worker's timeout is "
          + TIMEOUT.toMillis()
          + " ms)";
    }
    if (a.card.pinState().authTriesLeft() != PinState.AUTH_MAX_TRIES) {
      return "a PIN try was lost: " + a.card.pinState();
    }
    List<Exchange> all = a.plan.exchanges();
    long verifies = all.stream().filter(Exchange::isVerifyWithPin).count();
    int prompts = a.pins.prompts.get() - promptsBefore;
    if (verifies > prompts) {
      return verifies + " VERIFYs with the PIN for " + prompts + " prompts";
    }
    Exchange faulty = all.get(k - 1);
    if (faulty.isVerifyWithPin() && fault != Fault.OVERLONG) {
      for (Exchange e : all.subList(k, all.size())) {
        if (e.isCounterRead()) {
          break;
        }
        if (e.isVerifyWithPin()) {
          return "a VERIFY whose answer was lost was followed by another without a counter"
              + " read";
        }
      }
    }
    return null;
  }

  @Test
  void firstSignatureOfAnInsertion() throws Exception {
    everyFaultAtEveryApdu("agent: first signature (connect, PIN, sign)", false);
  }

  @Test
  void signatureWithThePinVerified() throws Exception {
    everyFaultAtEveryApdu("agent: later signature (PIN verified)", true);
  }
}
