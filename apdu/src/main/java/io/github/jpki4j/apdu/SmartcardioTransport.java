package io.github.jpki4j.apdu;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The real transport: a {@link javax.smartcardio.Card}'s basic channel. Works for PC/SC readers and
 * for any other {@code javax.smartcardio} provider (jcardsim's terminal included), so the simulator
 * exercises the same code path as a real card.
 *
 * <p>javax.smartcardio already answers {@code 61xx} with GET RESPONSE and {@code 6Cxx} with a
 * resend ({@code sun.security.smartcardio.ChannelImpl}), so nothing here repeats it. PC/SC failures
 * are classified by {@link PcscErrors}: a removed card shows up either as a {@link CardException}
 * naming {@code SCARD_W_REMOVED_CARD} or, once the JDK has marked the card removed, as an {@link
 * IllegalStateException}; both become {@link CardRemovedException}. A reader that fails to carry a
 * command (a short-only reader given an extended APDU) is a {@link TransmitFailedException}: the
 * card may still be there. So is an empty answer, which the JDK reports as an {@link
 * IllegalArgumentException} ("apdu must be at least 2 bytes long").
 */
public final class SmartcardioTransport implements ApduTransport {
  private final Card card;
  private final CardChannel channel;
  private final byte[] atr;
  private volatile SecretTransmitter secrets; // null: the installed one, found at first use
  private volatile boolean closed;

  /** Wraps a connected card. The transport owns it from now on and disconnects it on close. */
  public SmartcardioTransport(Card card) {
    this.card = card;
    this.channel = card.getBasicChannel();
    this.atr = card.getATR().getBytes();
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    if (closed) {
      throw new TransportException("the card connection is closed");
    }
    try {
      return channel.transmit(command);
    } catch (CardException e) {
      throw PcscErrors.translate(e);
    } catch (IllegalStateException e) {
      throw new CardRemovedException("the card was removed", e);
    } catch (IllegalArgumentException e) {
      // the JDK's words ("apdu must be at least 2 bytes long") stay in the cause
      throw new TransmitFailedException(
          "the card reader returned no valid answer (shorter than" + " a status word)", e);
    }
  }

  /**
   * Sends secret commands with {@code transmitter} from now on instead of the installed one ({@link
   * SecretTransmitters#installed()}): for tests, and for a program that knows better.
   *
   * @return this transport
   */
  public SmartcardioTransport sendingSecretsWith(SecretTransmitter transmitter) {
    this.secrets = java.util.Objects.requireNonNull(transmitter, "transmitter");
    return this;
  }

  /**
   * Sends the caller's bytes through the {@link SecretTransmitter}: the one installed as a service
   * ({@link SecretTransmitters}), which hands them to PC/SC from memory it wipes where it knows the
   * card's provider, else the channel's {@code ByteBuffer} transmit, which makes no {@link
   * CommandAPDU}. Failures are classified as for {@link #transmit}.
   */
  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    if (closed) {
      throw new TransportException("the card connection is closed");
    }
    try {
      SecretTransmitter t = secrets;
      if (t == null) {
        t = SecretTransmitters.installed();
      }
      int n = t.transmit(card, command, response);
      if (n < 2) {
        throw new TransmitFailedException(
            "the card reader returned no valid answer (shorter than a status word)", null);
      }
      return n;
    } catch (CardException e) {
      throw PcscErrors.translate(e);
    } catch (IllegalStateException e) {
      throw new CardRemovedException("the card was removed", e);
    } catch (java.nio.BufferOverflowException e) {
      throw new TransmitFailedException("the card's answer is longer than expected", e);
    } catch (IllegalArgumentException e) {
      // as in transmit: a provider's refusal of an answer shorter than a status word
      throw new TransmitFailedException(
          "the card reader returned no valid answer (shorter than" + " a status word)", e);
    }
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  @Override
  public void beginExclusive() throws TransportException {
    try {
      card.beginExclusive();
    } catch (CardException e) {
      throw PcscErrors.translate(e);
    } catch (IllegalStateException e) {
      throw new CardRemovedException("the card was removed", e);
    }
  }

  @Override
  public void endExclusive() {
    try {
      card.endExclusive();
    } catch (CardException | IllegalStateException e) {
      // the card is gone or was never held: nothing left to release
    }
  }

  /**
   * Whether this transport and {@code other} talk through the same {@link Card}. The JDK hands out
   * one {@code Card} per reader for as long as it is valid, so two connections made one after the
   * other may share it, and disconnecting one would cut the other.
   */
  public boolean sharesCardWith(SmartcardioTransport other) {
    return other != null && other.card == card;
  }

  /**
   * Stops using the card without disconnecting it: for a connection whose {@link Card} another
   * transport still uses ({@link #sharesCardWith}). Later calls fail as after {@link #close()}.
   */
  public void detach() {
    closed = true;
  }

  /** Releases the card and leaves it powered as it is (PC/SC's "leave card"). */
  @Override
  public void close() {
    disconnect(false);
  }

  /**
   * Releases the card with a reset: the card forgets its verified PINs (what {@code ssh-add -D}
   * asks of the agent). Safe after {@link #close()}: then it does nothing.
   */
  public void closeWithReset() {
    disconnect(true);
  }

  private void disconnect(boolean reset) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      card.disconnect(reset);
    } catch (CardException | IllegalStateException e) {
      // removed or already disconnected: it has forgotten everything anyway
    }
  }
}
