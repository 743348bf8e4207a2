package io.github.jpki4j.apdu;

/**
 * The reader or the PC/SC stack failed to carry one command, and the card may well still be in the
 * reader: a short-only reader refusing an extended APDU, a lost or empty answer. The caller may
 * retry in another form; whether the command reached the card is unknown.
 */
public class TransmitFailedException extends TransportException {
  private static final long serialVersionUID = 1L;

  public TransmitFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
