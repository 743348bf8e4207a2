package io.github.jpki4j.simtest.faults;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A transport decorator that fails the APDU its {@link FaultPlan} names, the way a card, a reader
 * or PC/SC fails: the exceptions are those {@link io.github.jpki4j.apdu.SmartcardioTransport}
 * throws for the same PC/SC events, and a mangled answer is handed up as the JDK would hand it.
 * After a {@link Fault#CARD_REMOVED} the connection stays dead, as a real one does.
 */
public final class FaultInjectingTransport extends ForwardingTransport {
  /** How long a {@link Fault#HANG} holds at most when the test never releases it. */
  public static final long HANG_LIMIT_MILLIS = 120_000;

  private static final byte[] JUNK = new byte[16];

  static {
    Arrays.fill(JUNK, (byte) 0xA5);
  }

  private final FaultPlan plan;
  private volatile boolean removed;

  public FaultInjectingTransport(ApduTransport inner, FaultPlan plan) {
    super(inner);
    this.plan = plan;
  }

  /** The wrapped connection (for a card source's presence check and release). */
  public ApduTransport inner() {
    return inner;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    if (removed) {
      throw new CardRemovedException("the card was removed", null);
    }
    Fault fault = plan.next(command);
    if (fault == null) {
      return inner.transmit(command);
    }
    ResponseAPDU answer = fault.reachesCard() ? inner.transmit(command) : null;
    return new ResponseAPDU(mangle(fault, answer == null ? null : answer.getBytes()));
  }

  /**
   * The secret path (VERIFY) gets the same faults: the plan sees the command with its data zeroed,
   * and the command's bytes go to the wrapped transport's secret path, never through a {@link
   * CommandAPDU}.
   */
  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    if (removed) {
      throw new CardRemovedException("the card was removed", null);
    }
    byte[] masked = new byte[command.length]; // header and length as sent, data zeroed
    System.arraycopy(command, 0, masked, 0, Math.min(5, command.length));
    Fault fault = plan.next(new CommandAPDU(masked));
    if (fault == null) {
      return inner.transmitSecret(command, response);
    }
    byte[] answer = null;
    if (fault.reachesCard()) {
      int n = inner.transmitSecret(command, response);
      answer = Arrays.copyOf(response, n);
    }
    byte[] out = mangle(fault, answer);
    if (out.length > response.length) {
      throw new TransmitFailedException("the card's answer is longer than expected", null);
    }
    System.arraycopy(out, 0, response, 0, out.length);
    return out.length;
  }

  /** The answer the fault makes of the card's ({@code null} when the command never reached it). */
  private byte[] mangle(Fault fault, byte[] answer) throws TransportException {
    switch (fault) {
      case CARD_REMOVED -> {
        removed = true;
        plan.removed();
        throw new CardRemovedException(
            "the card was removed", new Exception("SCARD_W_REMOVED_CARD"));
      }
      case TRANSMIT_ERROR ->
          throw new TransmitFailedException(
              "the card reader could not carry the command (SCARD_E_NOT_TRANSACTED)",
              new Exception("SCARD_E_NOT_TRANSACTED"));
      case UNEXPECTED_SW -> {
        return new byte[] {0x65, (byte) 0x81};
      }
      case SW_6F00 -> {
        return new byte[] {0x6F, 0x00};
      }
      case TRUNCATED -> {
        int data = answer.length - 2;
        if (data == 0) {
          throw loneSw1();
        }
        byte[] cut = Arrays.copyOf(answer, data / 2 + 2);
        cut[cut.length - 2] = answer[data];
        cut[cut.length - 1] = answer[data + 1];
        return cut;
      }
      case LONE_SW1 -> throw loneSw1();
      case OVERLONG -> {
        int data = answer.length - 2;
        byte[] longer = new byte[data + JUNK.length + 2];
        System.arraycopy(answer, 0, longer, 0, data);
        System.arraycopy(JUNK, 0, longer, data, JUNK.length);
        longer[longer.length - 2] = answer[data];
        longer[longer.length - 1] = answer[data + 1];
        return longer;
      }
      case HANG -> {
        try {
          plan.hang(HANG_LIMIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new TransmitFailedException(
            "the card reader could not carry the command" + " (SCARD_E_TIMEOUT)",
            new Exception("SCARD_E_TIMEOUT"));
      }
      default -> throw new AssertionError(fault);
    }
  }

  /** What SmartcardioTransport makes of the JDK's refusal of a 1-byte answer. */
  private static TransmitFailedException loneSw1() {
    return new TransmitFailedException(
        "the card reader returned no valid answer (shorter than" + " a status word)",
        new IllegalArgumentException("apdu must be at least 2 bytes long"));
  }
}
