package io.github.jpki4j.simtest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.AgentServer;
import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.simtest.faults.AgentFaultsTest.CountingPins;
import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent under load while the card comes and goes: 20 clients, 100 sign requests each, on the
 * agent's real Unix socket ({@link AgentServer}), while the simulated card is pulled out and put
 * back again and again (after every so many answers). Every answer is a signature that verifies
 * against the card's certificate or {@code SSH_AGENT_FAILURE}; nothing else, nothing lost; the PIN
 * counter ends full; it all ends in bounded time.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AgentUnderLoadTest {
  private static final int CLIENTS = 20;
  private static final int REQUESTS = 100;

  /** The card is pulled after this many answers, and put back after as many more. */
  private static final int ANSWERS_PER_PHASE = 60;

  @TempDir Path dir;

  @Test
  void twentyClientsAHundredRequestsEachWhileTheCardIsPulledAndPutBack() throws Exception {
    TestIdentity identity = TestIdentity.defaultIdentity();
    RsaSshPublicKey key = RsaSshPublicKey.of(identity.authPublicKey());
    byte[] data = "a login".getBytes(StandardCharsets.US_ASCII);
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    CountingPins pins = new CountingPins();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger signatures = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    int pulls = 0;
    long t0 = System.nanoTime();

    try (VirtualCard card = VirtualCard.create(identity);
        CardWorker worker =
            new CardWorker(
                CardSource.of(card.terminal(), Duration.ZERO),
                ReadMode.SHORT,
                log::add,
                Duration.ofSeconds(30))) {
      JpkiAgentBackend backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
      Path socket = AgentServer.newSocketPath(dir);
      try (AgentServer server =
          AgentServer.start(socket, true, backend, log::add, false, CLIENTS)) {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          done.add(
              clients.submit(
                  () -> {
                    AgentCodec codec = new AgentCodec();
                    try (SocketChannel ch =
                        SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                      OutputStream out = Channels.newOutputStream(ch);
                      InputStream in = Channels.newInputStream(ch);
                      for (int i = 0; i < REQUESTS; i++) {
                        codec.writeRequest(
                            out,
                            new AgentRequest.SignRequest(Bytes.of(key.blob()), Bytes.of(data), 4));
                        AgentReply reply = codec.readReply(in);
                        if (reply instanceof AgentReply.SignResponse s) {
                          SshSignature sig = SshSignature.parse(s.signatureBlob().toByteArray());
                          if (sig.verify(key, data)) {
                            signatures.incrementAndGet();
                          } else {
                            wrong.add("a signature that does not verify");
                          }
                        } else if (reply instanceof AgentReply.Failure) {
                          failures.incrementAndGet();
                        } else {
                          wrong.add("an unexpected reply: " + reply);
                        }
                        synchronized (answered) {
                          answered.incrementAndGet();
                          answered.notifyAll();
                        }
                      }
                    }
                    return null;
                  }));
        }
        clients.shutdown();
        // The card comes and goes while the clients run.
        int total = CLIENTS * REQUESTS;
        for (int next = ANSWERS_PER_PHASE;
            next < total - ANSWERS_PER_PHASE;
            next += 2 * ANSWERS_PER_PHASE) {
          if (!awaitAnswers(answered, next)) {
            break;
          }
          card.removeCard();
          pulls++;
          awaitAnswers(answered, next + ANSWERS_PER_PHASE);
          card.insertCard();
        }
        for (Future<?> f : done) {
          f.get(4, TimeUnit.MINUTES);
        }
        assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));
      }
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      String summary =
          CLIENTS * REQUESTS
              + " requests in "
              + seconds
              + " s: "
              + signatures.get()
              + " signatures, "
              + failures.get()
              + " failures, card pulled "
              + pulls
              + " times, "
              + pins.prompts.get()
              + " PIN prompts";
      System.out.println("agent under load: " + summary);
      assertTrue(wrong.isEmpty(), () -> wrong.size() + " wrong answers, e.g. " + wrong.get(0));
      assertEquals(CLIENTS * REQUESTS, signatures.get() + failures.get(), summary);
      assertTrue(pulls >= 10, summary);
      assertTrue(signatures.get() > CLIENTS * REQUESTS / 4, "many requests are served: " + summary);
      assertTrue(failures.get() > 0, "requests while the card was out fail: " + summary);
      assertEquals(PinState.AUTH_MAX_TRIES, card.pinState().authTriesLeft(), summary);
      assertTrue(pins.prompts.get() <= pulls + 1, "one PIN per insertion at most: " + summary);
    }
  }

  /** Waits until {@code n} answers came (bounded); false if they did not. */
  private static boolean awaitAnswers(AtomicInteger answered, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (answered) {
      while (answered.get() < n) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        answered.wait(left);
      }
    }
    return true;
  }
}
