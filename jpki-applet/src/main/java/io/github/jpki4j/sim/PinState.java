package io.github.jpki4j.sim;

/**
 * The two PINs of a virtual card and their tries left, as personalized and as persisted by {@link
 * VirtualCard#open}. The try limits are the card's (§4): 3 for the authentication PIN, 5 for the
 * signature password. A counter of 0 means blocked.
 *
 * <p>PIN values are 1–16 ASCII letters or digits. The defaults are valid JPKI PINs (4 digits; 6–16
 * of A–Z 0–9); other values are allowed so that tests can give a card, say, a lower-case password.
 * {@link #toString()} never shows the PINs.
 */
public record PinState(String authPin, int authTriesLeft, String signPin, int signTriesLeft) {
  /** The default authentication PIN of a virtual card. */
  public static final String DEFAULT_AUTH_PIN = "1234";

  /** The default signature password of a virtual card. */
  public static final String DEFAULT_SIGN_PIN = "ABC123";

  // The card's own try limits, which personalization (80 E6) gives the applet. The driver has its
  // own (apdu's JpkiPin): this module depends on no jpki4j module, so that the simulated card stays
  // an independent model to test the driver against. simulator-tests checks the two agree.
  public static final int AUTH_MAX_TRIES = 3;
  public static final int SIGN_MAX_TRIES = 5;

  public PinState {
    checkPin(authPin, "authentication PIN");
    checkPin(signPin, "signature PIN");
    if (authTriesLeft < 0 || authTriesLeft > AUTH_MAX_TRIES) {
      throw new IllegalArgumentException("authentication PIN tries must be 0.." + AUTH_MAX_TRIES);
    }
    if (signTriesLeft < 0 || signTriesLeft > SIGN_MAX_TRIES) {
      throw new IllegalArgumentException("signature PIN tries must be 0.." + SIGN_MAX_TRIES);
    }
  }

  /** PINs "1234" and "ABC123", all tries left. */
  public static PinState defaults() {
    return new PinState(DEFAULT_AUTH_PIN, AUTH_MAX_TRIES, DEFAULT_SIGN_PIN, SIGN_MAX_TRIES);
  }

  public PinState withAuthTriesLeft(int tries) {
    return new PinState(authPin, tries, signPin, signTriesLeft);
  }

  public PinState withSignTriesLeft(int tries) {
    return new PinState(authPin, authTriesLeft, signPin, tries);
  }

  private static void checkPin(String pin, String what) {
    if (pin == null || pin.isEmpty() || pin.length() > 16) {
      throw new IllegalArgumentException("the " + what + " must have 1 to 16 characters");
    }
    for (int i = 0; i < pin.length(); i++) {
      char c = pin.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (!ok) {
        throw new IllegalArgumentException("the " + what + " must be ASCII letters and digits");
      }
    }
  }

  // equals and hashCode written out: the record's generated ones are bootstrapped through method
  // handles on first use, some 10 ms of a cold start, and the card compares its PIN state after
  // every command.
  @Override
  public boolean equals(Object o) {
    return o instanceof PinState p
        && authTriesLeft == p.authTriesLeft
        && signTriesLeft == p.signTriesLeft
        && authPin.equals(p.authPin)
        && signPin.equals(p.signPin);
  }

  @Override
  public int hashCode() {
    return ((authPin.hashCode() * 31 + authTriesLeft) * 31 + signPin.hashCode()) * 31
        + signTriesLeft;
  }

  @Override
  public String toString() {
    return "PinState[auth "
        + authTriesLeft
        + "/"
        + AUTH_MAX_TRIES
        + " tries, sign "
        + signTriesLeft
        + "/"
        + SIGN_MAX_TRIES
        + " tries]";
  }
}
