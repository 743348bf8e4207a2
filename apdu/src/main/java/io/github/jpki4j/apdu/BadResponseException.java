package io.github.jpki4j.apdu;

/** The card answered {@code 9000} but its data is malformed: too short, wrong header, cut off. */
public class BadResponseException extends CardCommandException {
  private static final long serialVersionUID = 1L;

  public BadResponseException(String message) {
    super(message);
  }
}
