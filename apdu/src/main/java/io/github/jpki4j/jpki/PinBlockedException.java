package io.github.jpki4j.jpki;

/**
 * The PIN is blocked: the counter reached 0 ({@code 63C0} from the failing attempt, {@code 6984}
 * from any attempt after it). Only the municipal office (or a convenience-store reset with the
 * other PIN, for the signature password) can unblock it.
 */
public class PinBlockedException extends PinException {
  private static final long serialVersionUID = 1L;

  public PinBlockedException(JpkiPin pin) {
    super(
        pin,
        summary(pin) + "; to reset it, take the card and photo ID to" + " your municipal office");
  }

  /** The fact without the advice: {@code "the auth PIN is blocked"}. */
  public String summary() {
    return summary(pin());
  }

  private static String summary(JpkiPin pin) {
    return "the " + pin.label() + " is blocked";
  }
}
