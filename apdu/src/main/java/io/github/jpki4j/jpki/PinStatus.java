package io.github.jpki4j.jpki;

/**
 * A PIN's retry counter as the card reported it to an empty VERIFY (which costs no try). Some cards
 * answer that query with {@code 9000} while the PIN is verified instead of giving the counter; a
 * verified PIN's counter is full (a right PIN resets it), so that is reported as {@linkplain
 * #verified() verified} with all tries left.
 *
 * <p>The one place where tries left are put into words.
 *
 * @param pin which PIN
 * @param triesLeft tries left, 0 when blocked
 * @param verified the card said the PIN is verified in this card session
 */
public record PinStatus(JpkiPin pin, int triesLeft, boolean verified) {
  public PinStatus {
    if (triesLeft < 0 || triesLeft > 15) {
      throw new IllegalArgumentException("tries left out of range: " + triesLeft);
    }
    if (verified && triesLeft != pin.maxTries()) {
      throw new IllegalArgumentException(
          "a verified PIN has all " + pin.maxTries() + " tries left");
    }
  }

  /** The counter as a {@code 63Cx} answer gave it. */
  public PinStatus(JpkiPin pin, int triesLeft) {
    this(pin, triesLeft, false);
  }

  /** The card answered {@code 9000}: verified, so the counter is full. */
  public static PinStatus verifiedNow(JpkiPin pin) {
    return new PinStatus(pin, pin.maxTries(), true);
  }

  /** No try left: only the municipal office can unblock it. */
  public boolean blocked() {
    return triesLeft == 0;
  }

  /** Exactly one try left: a wrong entry now blocks the PIN. */
  public boolean lastTry() {
    return triesLeft == 1;
  }

  /** "2 of 3 tries left", "1 of 3 tries left", "blocked", "verified (3 of 3 tries left)". */
  public String describe() {
    if (blocked()) {
      return "blocked";
    }
    return verified ? "verified (" + counter() + ")" : counter();
  }

  /** The counter alone, for a prompt: "2 of 3 tries left". */
  public String counter() {
    return triesLeft + " of " + pin.maxTries() + " tries left";
  }

  /** "1 try left", "2 tries left": for a counter whose limit is said elsewhere. */
  public static String triesLeft(int n) {
    return n + (n == 1 ? " try" : " tries") + " left";
  }
}
