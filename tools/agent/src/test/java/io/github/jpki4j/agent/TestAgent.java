package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinentryPinSource;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.sshcard.CardSshKeys;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An agent served in process on a fresh simulated card: card, card thread, backend, socket. The
 * flags of every sign request are recorded; log lines are kept.
 */
final class TestAgent implements AutoCloseable {
  /** The seed of the test card; generated once per JVM. */
  static final long SEED = 0x61_67_65_6E_74L; // "agent"

  final VirtualCard card;
  final FakePinentry pinentry;
  final CardWorker worker;
  final JpkiAgentBackend backend;
  final AgentServer server;
  final ConcurrentLinkedQueue<Integer> signFlags = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  private TestAgent(VirtualCard card, FakePinentry pinentry, Path socket, boolean allowSha1)
      throws IOException {
    this.card = card;
    this.pinentry = pinentry;
    this.worker = new CardWorker(CardSource.of(card.terminal(), Duration.ZERO), log::add);
    PinSource pins =
        new PinentryPinSource(List.of(pinentry.program().toString()), Duration.ofSeconds(20));
    this.backend = new JpkiAgentBackend(worker, pins, allowSha1, log::add, log::add);
    AgentBackend recording =
        new AgentBackend() {
          @Override
          public List<Identity> identities() throws AgentRefusedException {
            return backend.identities();
          }

          @Override
          public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
            signFlags.add(flags);
            return backend.sign(keyBlob, data, flags);
          }

          @Override
          public void removeAll() throws AgentRefusedException {
            backend.removeAll();
          }
        };
    AgentServer s;
    try {
      s = AgentServer.start(socket, true, recording, log::add, true, 32);
    } catch (IOException | RuntimeException e) {
      worker.close();
      throw e;
    }
    this.server = s;
  }

  static TestIdentity identity() {
    return TestIdentity.generate(SEED);
  }

  /** The card's auth key line, as {@code jpki ssh-key} prints it. */
  static String keyLine() {
    TestIdentity id = identity();
    return RsaSshPublicKey.of(id.authPublicKey())
        .toAuthorizedKeysLine(CardSshKeys.defaultComment(id.authCertificate()));
  }

  /** A fresh card with these counters, served on a new socket in {@code dir}. */
  static TestAgent start(Path dir, int authTriesLeft) throws IOException {
    return start(dir, PinState.defaults().withAuthTriesLeft(authTriesLeft), CardProfile.DEFAULT);
  }

  /** A fresh card with these counters and this profile, served on a new socket in {@code dir}. */
  static TestAgent start(Path dir, PinState pins, CardProfile profile) throws IOException {
    VirtualCard card = VirtualCard.create(identity(), pins, profile);
    try {
      FakePinentry pinentry = FakePinentry.in(dir.resolve("pinentry"), PinState.DEFAULT_AUTH_PIN);
      return new TestAgent(card, pinentry, AgentServer.newSocketPath(dir), false);
    } catch (IOException | RuntimeException e) {
      card.close();
      throw e;
    }
  }

  static TestAgent start(Path dir) throws IOException {
    return start(dir, JpkiPin.AUTH.maxTries());
  }

  Path socket() {
    return server.socket();
  }

  /**
   * OpenSSH's {@code ssh-keygen -Y sign} signs a file holding {@code text} through this agent with
   * the card's key, and {@code ssh-keygen -Y verify} finds the signature good for that key.
   */
  void assertSshKeygenSignsAndVerifies(Path dir, String text)
      throws IOException, InterruptedException {
    Path pub = Files.writeString(dir.resolve("card.pub"), keyLine() + "\n");
    Path file = Files.writeString(dir.resolve("message.txt"), text);
    TestProcess.Result sign =
        TestProcess.of(
                "ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n", "file", file.toString())
            .env(Map.of("SSH_AUTH_SOCK", socket().toString()))
            .run();
    assertEquals(0, sign.exit(), () -> sign + "\nagent log: " + log);
    Path signers =
        Files.writeString(dir.resolve("allowed_signers"), "card@test " + keyLine() + "\n");
    TestProcess.Result verify =
        TestProcess.of(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                signers.toString(),
                "-I",
                "card@test",
                "-n",
                "file",
                "-s",
                file + ".sig")
            .stdin(file)
            .timeout(Duration.ofSeconds(30))
            .run();
    assertEquals(0, verify.exit(), verify::toString);
    assertTrue(verify.out().contains("Good \"file\" signature for card@test"), verify::toString);
  }

  int authTriesLeft() {
    return card.pinState().authTriesLeft();
  }

  @Override
  public void close() {
    server.close();
    worker.close();
    card.close();
  }
}
