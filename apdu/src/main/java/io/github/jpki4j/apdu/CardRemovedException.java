package io.github.jpki4j.apdu;

/** The card left the reader (or was reset by another program) while we were talking to it. */
public class CardRemovedException extends TransportException {
  private static final long serialVersionUID = 1L;

  public CardRemovedException(String message, Throwable cause) {
    super(message, cause);
  }
}
