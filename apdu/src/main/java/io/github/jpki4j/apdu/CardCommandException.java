package io.github.jpki4j.apdu;

/**
 * The card answered, but refused the command or answered something that cannot be right. The base
 * of every "the card said no" error; transport failures are {@link TransportException} instead.
 */
public class CardCommandException extends Exception {
  private static final long serialVersionUID = 1L;

  public CardCommandException(String message) {
    super(message);
  }

  public CardCommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
