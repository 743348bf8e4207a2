package io.github.jpki4j.jpki;

/**
 * A PIN's retry counter as the card reported it to an empty VERIFY (which costs no try).
 *
 * @param pin which PIN
 * @param triesLeft tries left, 0 when blocked
 */
public record PinStatus(JpkiPin pin, int triesLeft) {
  public PinStatus {
    if (triesLeft < 0 || triesLeft > 15) {
      throw new IllegalArgumentException("tries left out of range: " + triesLeft);
    }
  }

  /** No try left: only the municipal office can unblock it. */
  public boolean blocked() {
    return triesLeft == 0;
  }

  /** Exactly one try left: a wrong entry now blocks the PIN. */
  public boolean lastTry() {
    return triesLeft == 1;
  }

  /** "2 of 3 tries left", "1 try left (of 3)", "blocked". */
  public String describe() {
    if (blocked()) {
      return "blocked";
    }
    return triesLeft + (triesLeft == 1 ? " try" : " tries") + " left (of " + pin.maxTries() + ")";
  }
}
