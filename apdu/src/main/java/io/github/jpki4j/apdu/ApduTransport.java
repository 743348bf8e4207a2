package io.github.jpki4j.apdu;

import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The one seam between the card and everything above it: send a command, get the response back
 * unchanged, whatever its status word.
 *
 * <p>Implementations must not interpret status words (that is {@link ApduChannel}'s job) and must
 * not retry. Decorators ({@link TracingTransport}) wrap another transport. A transport is used by
 * one thread at a time.
 */
public interface ApduTransport extends AutoCloseable {

  /**
   * Sends one command APDU.
   *
   * @param command the command; never modified
   * @return the card's response, including its status word
   * @throws CardRemovedException if the card left the reader
   * @throws TransportException if the reader or the PC/SC service failed
   */
  ResponseAPDU transmit(CommandAPDU command) throws TransportException;

  /**
   * Sends one command whose bytes are secret (VERIFY's PIN) from a buffer the caller owns and
   * wipes: the bytes go to the reader without a {@link CommandAPDU} or any other copy the transport
   * cannot wipe. Decorators pass it through to the transport they wrap, never to {@link
   * #transmit(CommandAPDU)}, and never keep or print the command's data.
   *
   * <p>The default, for transports that never meet a real PIN (scripted ones in tests), goes
   * through {@link #transmit(CommandAPDU)} and so leaves copies; {@link SmartcardioTransport}
   * overrides it.
   *
   * @param command the whole command APDU; read, never modified nor kept
   * @param response receives the response, status word last; 258 bytes hold any short answer
   * @return the response's length
   * @throws CardRemovedException if the card left the reader
   * @throws TransportException if the reader or the PC/SC service failed, or the answer does not
   *     fit
   */
  default int transmitSecret(byte[] command, byte[] response) throws TransportException {
    byte[] answer = transmit(new CommandAPDU(command)).getBytes();
    try {
      if (answer.length > response.length) {
        throw new TransmitFailedException(
            "the card's answer (" + answer.length + " bytes) is longer than expected", null);
      }
      System.arraycopy(answer, 0, response, 0, answer.length);
      return answer.length;
    } finally {
      Arrays.fill(answer, (byte) 0);
    }
  }

  /**
   * The answer-to-reset of the connected card, as the reader reported it.
   *
   * @return a fresh copy of the ATR bytes
   */
  byte[] atr();

  /**
   * Asks for exclusive access to the card until {@link #endExclusive()}, so that no other program
   * can slip a command between two of ours (e.g. between reading a PIN counter and sending VERIFY).
   * Hold it for one operation only, never across a prompt. The default does nothing.
   *
   * @throws TransportException if the reader refused
   */
  default void beginExclusive() throws TransportException {}

  /** Ends exclusive access started with {@link #beginExclusive()}; never throws. */
  default void endExclusive() {}

  /** Releases the card; safe to call twice; never throws. */
  @Override
  void close();
}
