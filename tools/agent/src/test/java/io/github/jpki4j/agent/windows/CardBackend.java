package io.github.jpki4j.agent.windows;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The agent's real backend on a simulated card, as {@code jpki agent} builds it: one card thread
 * ({@link CardWorker}), the PIN policy ({@link JpkiAgentBackend}), a PIN source, and a count of the
 * VERIFY commands that carried a PIN to the card.
 */
final class CardBackend implements AutoCloseable {
  /** The seed the agent's other tests use, so the identity is generated once per JVM. */
  static final long SEED = 0x61_67_65_6E_74L;

  /** A PIN source that answers from a field and counts the prompts. */
  static final class ScriptedPins implements PinSource {
    volatile String answer = PinState.DEFAULT_AUTH_PIN;
    volatile boolean cancel;
    final ConcurrentLinkedQueue<PinRequest> requests = new ConcurrentLinkedQueue<>();

    @Override
    public char[] readPin(PinRequest request) throws PinEntryException {
      requests.add(request);
      if (cancel) {
        throw new PinEntryException("cancelled", true);
      }
      return answer.toCharArray();
    }
  }

  final VirtualCard card;
  final PinSource pins;
  final CardWorker worker;
  final JpkiAgentBackend backend;
  final AtomicInteger pinVerifies = new AtomicInteger();
  final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  CardBackend(PinSource pins) {
    this.card = VirtualCard.create(identity());
    this.pins = pins;
    CardSource terminal = CardSource.of(card.terminal(), Duration.ZERO);
    CardSource counting =
        new CardSource() {
          @Override
          public ApduTransport connect() throws IOException {
            return new VerifyCounter(terminal.connect());
          }

          @Override
          public boolean present(ApduTransport connection) {
            return terminal.present(((VerifyCounter) connection).inner());
          }

          @Override
          public void release(ApduTransport transport, boolean reset) {
            terminal.release(((VerifyCounter) transport).inner(), reset);
          }
        };
    this.worker = new CardWorker(counting, ReadMode.SHORT, log::add, Duration.ofSeconds(30));
    this.backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
  }

  static TestIdentity identity() {
    return TestIdentity.generate(SEED);
  }

  static byte[] keyBlob() {
    return RsaSshPublicKey.of(identity().authPublicKey()).blob();
  }

  int authTriesLeft() {
    return card.pinState().authTriesLeft();
  }

  @Override
  public void close() {
    worker.close();
    card.close();
  }

  // Counts VERIFY (INS 20) commands with data: those that put a PIN before the card.
  private final class VerifyCounter extends ForwardingTransport {
    VerifyCounter(ApduTransport inner) {
      super(inner);
    }

    ApduTransport inner() {
      return inner;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
      if (command.getINS() == 0x20 && command.getNc() > 0) {
        pinVerifies.incrementAndGet();
      }
      return inner.transmit(command);
    }

    @Override
    public int transmitSecret(byte[] command, byte[] response) throws TransportException {
      if (command[1] == 0x20 && command.length > 5) {
        pinVerifies.incrementAndGet();
      }
      return inner.transmitSecret(command, response);
    }
  }
}
