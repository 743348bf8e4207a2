package io.github.jpki4j.jpki;

/**
 * Refused locally: only one try is left and the caller did not allow spending it. Nothing was sent
 * to the card.
 */
public class LastTryRefusedException extends PinException {
  private static final long serialVersionUID = 1L;

  public LastTryRefusedException(JpkiPin pin) {
    super(
        pin,
        "only 1 try of the "
            + pin.label()
            + " is left; a wrong entry would block the card,"
            + " so it was not sent (allow it explicitly to go on)");
  }
}
