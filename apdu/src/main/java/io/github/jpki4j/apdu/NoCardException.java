package io.github.jpki4j.apdu;

/** The reader is there but holds no card (within the time we waited). */
public class NoCardException extends TransportException {
  private static final long serialVersionUID = 1L;

  public NoCardException(String message) {
    super(message);
  }
}
