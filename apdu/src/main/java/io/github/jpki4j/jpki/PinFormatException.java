package io.github.jpki4j.jpki;

/** Refused locally: the PIN cannot be valid (length, characters). Nothing reached the card. */
public class PinFormatException extends PinException {
  private static final long serialVersionUID = 1L;

  public PinFormatException(JpkiPin pin, String message) {
    super(pin, message + "; nothing was sent to the card");
  }
}
