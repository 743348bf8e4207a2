package io.github.jpki4j.jpki;

/** The card rejected the PIN ({@code 63Cx}) and the PIN is not yet blocked. Never retried. */
public class WrongPinException extends PinException {
  private static final long serialVersionUID = 1L;
  private final int triesLeft;

  public WrongPinException(JpkiPin pin, int triesLeft) {
    super(
        pin,
        "wrong "
            + pin.label()
            + ": "
            + PinStatus.triesLeft(triesLeft)
            + (triesLeft == 1 ? "; one more wrong entry blocks it" : ""));
    this.triesLeft = triesLeft;
  }

  /** Tries left after this failure (at least 1). */
  public int triesLeft() {
    return triesLeft;
  }
}
