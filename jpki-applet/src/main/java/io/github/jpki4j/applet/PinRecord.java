package io.github.jpki4j.applet;

/**
 * One PIN IEF (§4): the reference value, the try limit and the tries left, all persistent. The
 * verified flag is not here: it lives in the applet's transient memory, so that it dies with the
 * power.
 *
 * <p>Anti-tearing: {@link #check} spends the try before comparing, as {@code OwnerPIN} does, so
 * pulling the card in the middle of a wrong attempt can never give that attempt for free.
 */
final class PinRecord {
  private final byte[] value = new byte[JpkiConstants.PIN_MAX_LENGTH];
  private byte length;
  private byte maxTries;
  private byte triesLeft;

  /** Whether personalization has set this PIN. */
  boolean isSet() {
    return length != 0;
  }

  byte triesLeft() {
    return triesLeft;
  }

  boolean blocked() {
    return triesLeft == 0;
  }

  /**
   * Sets the reference value and the counter (personalization only; the caller checked the ranges:
   * {@code 1 <= len <= 16}, {@code 1 <= max <= 15}, {@code 0 <= left <= max}).
   */
  void set(byte[] src, short off, byte len, byte max, byte left) {
    for (short i = 0; i < JpkiConstants.PIN_MAX_LENGTH; i++) {
      value[i] = i < len ? src[(short) (off + i)] : 0;
    }
    length = len;
    maxTries = max;
    triesLeft = left;
  }

  /**
   * Compares a candidate PIN: one try is spent first, and given back (the counter goes back to the
   * maximum) only if the candidate matches. All 16 stored bytes are compared whatever the
   * candidate's length, so the time does not depend on where the first difference is.
   *
   * @param len 1 to 16 (the caller checked it); the PIN must not be blocked
   * @return whether it matched
   */
  boolean check(byte[] src, short off, short len) {
    triesLeft = (byte) (triesLeft - 1);
    byte diff = len == length ? (byte) 0 : (byte) 1;
    for (short i = 0; i < JpkiConstants.PIN_MAX_LENGTH; i++) {
      byte candidate = i < len ? src[(short) (off + i)] : 0;
      diff = (byte) (diff | (byte) (candidate ^ value[i]));
    }
    if (diff != 0) {
      return false;
    }
    triesLeft = maxTries;
    return true;
  }
}
