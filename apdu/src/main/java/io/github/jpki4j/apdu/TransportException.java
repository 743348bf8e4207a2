package io.github.jpki4j.apdu;

import java.io.IOException;

/** The reader, the PC/SC service or the link to the card failed; the card said nothing. */
public class TransportException extends IOException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
