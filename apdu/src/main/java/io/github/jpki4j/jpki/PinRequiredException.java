package io.github.jpki4j.jpki;

/**
 * The card answered "security status not satisfied" ({@code 6982}): reading the signature
 * certificate needs the signature password, signing needs the key's PIN verified in this session.
 */
public class PinRequiredException extends PinException {
  private static final long serialVersionUID = 1L;

  public PinRequiredException(JpkiPin pin, String what) {
    super(pin, what + " needs the " + pin.label() + " first");
  }
}
