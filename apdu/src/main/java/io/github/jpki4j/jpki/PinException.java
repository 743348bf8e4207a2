package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;

/** Base of the PIN errors; tells which PIN. The PIN value itself is never in a message. */
public abstract class PinException extends CardCommandException {
  private static final long serialVersionUID = 1L;
  private final JpkiPin pin;

  protected PinException(JpkiPin pin, String message) {
    super(message);
    this.pin = pin;
  }

  /** Which PIN this is about. */
  public JpkiPin pin() {
    return pin;
  }
}
