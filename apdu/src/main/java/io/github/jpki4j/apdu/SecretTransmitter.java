package io.github.jpki4j.apdu;

import java.nio.ByteBuffer;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;

/**
 * How {@link SmartcardioTransport} sends a command whose bytes are secret (VERIFY's PIN) from the
 * caller's buffer, without a {@link javax.smartcardio.CommandAPDU}, which copies its data into an
 * array nobody can wipe.
 *
 * <p>{@link #CHANNEL} uses {@link javax.smartcardio.CardChannel#transmit(ByteBuffer, ByteBuffer)};
 * the provider behind it may still copy: the JDK's {@code ChannelImpl} and jnasmartcardio each copy
 * the command into one array of their own. A transmitter that knows the provider hands the bytes to
 * PC/SC from native memory it wipes.
 *
 * <p>It is a service: a jar on the class path provides one with a {@code
 * META-INF/services/io.github.jpki4j.apdu.SecretTransmitter} entry (jpki4j's {@code
 * pcsc-transmit}), and every {@link SmartcardioTransport} uses it ({@link SecretTransmitters});
 * without one, {@link #CHANNEL}. An implementation has a public no-argument constructor that loads
 * nothing heavy, and sends a card it does not know through {@link #CHANNEL}: it never fails where
 * the channel would not.
 */
@FunctionalInterface
public interface SecretTransmitter {

  /** The card's basic channel, through its {@code ByteBuffer} transmit. */
  SecretTransmitter CHANNEL =
      (card, command, response) ->
          card.getBasicChannel().transmit(ByteBuffer.wrap(command), ByteBuffer.wrap(response));

  /**
   * Sends {@code command} and puts the response, status word last, at the start of {@code
   * response}.
   *
   * @param command the whole command APDU; read, never modified nor kept
   * @param response where the response goes
   * @return the response's length
   */
  int transmit(Card card, byte[] command, byte[] response) throws CardException;
}
