package io.github.jpki4j.apdu;

import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Sends commands over a transport and turns every status word other than {@code 9000} into an
 * {@link ApduException}. This is the one place where status words become exceptions; the JPKI
 * session then maps the ones that mean something in its domain (wrong PIN, blocked, not a My Number
 * Card) to typed exceptions.
 */
public final class ApduChannel {
  private final ApduTransport transport;

  public ApduChannel(ApduTransport transport) {
    this.transport = transport;
  }

  /**
   * Sends a command and returns its response data.
   *
   * @throws ApduException if the status word is not {@code 9000}
   * @throws TransportException if the card could not be reached
   */
  public byte[] send(CommandAPDU command) throws ApduException, TransportException {
    ResponseAPDU response = transport.transmit(command);
    int sw = response.getSW();
    if (sw != StatusWords.OK) {
      throw new ApduException(command.getINS(), sw, response.getData());
    }
    return response.getData();
  }

  /** The transport underneath, for exclusive access and the ATR. */
  public ApduTransport transport() {
    return transport;
  }
}
