package io.github.jpki4j.apdu;

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
