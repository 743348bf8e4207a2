package io.github.jpki4j.apdu;

import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Sends commands over a transport and turns every status word other than {@code 9000} into an
 * {@link ApduException}. This is the one place where status words become exceptions; the JPKI
 * session then maps the ones that mean something in its domain (wrong PIN, blocked, not a My Number
 * Card) to typed exceptions.
 */
public final class ApduChannel {
  /** Room for any short answer: 256 data bytes and the status word. */
  private static final int SECRET_RESPONSE_MAX = 258;

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

  /**
   * Sends a command whose bytes are secret (VERIFY's PIN) through {@link
   * ApduTransport#transmitSecret}, from the caller's buffer, which the caller wipes; the response
   * is wiped here. Its data, if any, is not returned.
   *
   * @throws ApduException if the status word is not {@code 9000}
   * @throws TransportException if the card could not be reached
   */
  public void sendSecret(byte[] command) throws ApduException, TransportException {
    byte[] response = new byte[SECRET_RESPONSE_MAX];
    try {
      int n = transport.transmitSecret(command, response);
      if (n < 2) {
        throw new TransmitFailedException(
            "the card reader returned no valid answer (shorter than a status word)", null);
      }
      int sw = ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
      if (sw != StatusWords.OK) {
        throw new ApduException(command[1] & 0xFF, sw, Arrays.copyOf(response, n - 2));
      }
    } finally {
      Arrays.fill(response, (byte) 0);
    }
  }

  /** The transport underneath, for exclusive access and the ATR. */
  public ApduTransport transport() {
    return transport;
  }
}
