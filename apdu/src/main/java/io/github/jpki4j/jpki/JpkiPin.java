package io.github.jpki4j.jpki;

import java.util.Arrays;

/**
 * The two PINs of the JPKI AP, with their PIN IEF, try limit and format (OpenSC {@code jpki.h},
 * {@code pkcs15-jpki.c}).
 */
public enum JpkiPin {
  /** 利用者証明用パスワード: exactly 4 digits, 3 tries (IEF 0018). */
  AUTH(0x0018, 3, "auth PIN", "4 digits"),
  /** 署名用パスワード: 6–16 of A–Z and 0–9, 5 tries (IEF 001B). */
  SIGN(0x001B, 5, "signature password", "6-16 letters A-Z and digits");

  private final int fileId;
  private final int maxTries;
  private final String label;
  private final String format;

  JpkiPin(int fileId, int maxTries, String label, String format) {
    this.fileId = fileId;
    this.maxTries = maxTries;
    this.label = label;
    this.format = format;
  }

  /** The PIN IEF that VERIFY acts on once selected. */
  public int fileId() {
    return fileId;
  }

  /** Tries a fresh counter allows. */
  public int maxTries() {
    return maxTries;
  }

  /** What a person calls it: "auth PIN", "signature password". */
  public String label() {
    return label;
  }

  /** The allowed format in words, for prompts and errors. */
  public String formatDescription() {
    return format;
  }

  /**
   * {@code true} when {@link #encode} would upper-case some letters (only the signature password
   * folds case; the card itself compares bytes).
   */
  public boolean wouldFoldCase(char[] pin) {
    if (this != SIGN) {
      return false;
    }
    for (char c : pin) {
      if (c >= 'a' && c <= 'z') {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a PIN's format and encodes it as the ASCII bytes VERIFY carries, upper-casing a–z for
   * the signature password. The caller wipes the result after use. Never puts the PIN in the
   * exception message.
   *
   * @throws PinFormatException if the PIN cannot be a valid PIN of this kind
   */
  public byte[] encode(char[] pin) throws PinFormatException {
    if (this == AUTH) {
      if (pin.length != 4) {
        throw new PinFormatException(
            this,
            "the auth PIN is exactly 4 digits, got "
                + pin.length
                + (pin.length == 1 ? " character" : " characters"));
      }
    } else if (pin.length < 6 || pin.length > 16) {
      throw new PinFormatException(
          this, "the signature password is 6 to 16 characters, got " + pin.length);
    }
    byte[] out = new byte[pin.length];
    for (int i = 0; i < pin.length; i++) {
      char c = pin[i];
      boolean ok;
      if (this == AUTH) {
        ok = c >= '0' && c <= '9';
      } else {
        if (c >= 'a' && c <= 'z') {
          c = (char) (c - 'a' + 'A');
        }
        ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
      }
      if (!ok) {
        Arrays.fill(out, (byte) 0);
        throw new PinFormatException(
            this,
            this == AUTH
                ? "the auth PIN is digits only (0-9)"
                : "the signature password is letters A-Z and digits 0-9 only");
      }
      out[i] = (byte) c;
    }
    return out;
  }
}
