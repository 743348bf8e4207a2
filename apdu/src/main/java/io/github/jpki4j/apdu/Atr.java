package io.github.jpki4j.apdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An answer-to-reset (ISO 7816-3 §8.2) parsed far enough to read its historical bytes, and the card
 * capabilities those declare (ISO 7816-4 §8.1.1.2.7, compact-TLV tag 7).
 *
 * <p>jpki4j uses it for one decision: whether READ BINARY may use extended Le. The 2024 My Number
 * Card's ATR ({@code 3B DA 13 … 73 C6 01 C0 …}) declares extended Lc/Le; older ones declare no
 * historical bytes or {@code 73 C6 01 00}. A malformed ATR simply declares nothing.
 */
public final class Atr {
  private final byte[] bytes;
  private final byte[] historical;

  private Atr(byte[] bytes, byte[] historical) {
    this.bytes = bytes;
    this.historical = historical;
  }

  /** Parses an ATR; never throws: what cannot be parsed declares nothing. */
  public static Atr parse(byte[] atr) {
    byte[] copy = atr.clone();
    return new Atr(copy, historicalBytes(copy));
  }

  private static byte[] historicalBytes(byte[] b) {
    if (b.length < 2) {
      return new byte[0];
    }
    int k = b[1] & 0x0F;
    int y = (b[1] >>> 4) & 0x0F;
    int i = 2;
    for (int round = 0; round < 16; round++) { // bounded: an ATR has at most a few TD bytes
      i += Integer.bitCount(y & 0x7); // TA, TB, TC
      if ((y & 0x8) == 0) {
        break;
      }
      if (i >= b.length) {
        return new byte[0];
      }
      y = (b[i++] >>> 4) & 0x0F; // TD
    }
    if (i + k > b.length) {
      return new byte[0];
    }
    return Arrays.copyOfRange(b, i, i + k);
  }

  /** A copy of the whole ATR. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** A copy of the historical bytes (possibly empty). */
  public byte[] historicalBytes() {
    return historical.clone();
  }

  /**
   * {@code true} when the historical bytes carry a card-capabilities object whose third software
   * function byte has b7 set: "extended Lc and Le fields".
   */
  public boolean declaresExtendedLength() {
    byte[] caps = cardCapabilities();
    return caps.length >= 3 && (caps[2] & 0x40) != 0;
  }

  private byte[] cardCapabilities() {
    if (historical.length == 0) {
      return new byte[0];
    }
    int end;
    if (historical[0] == (byte) 0x80) {
      end = historical.length;
    } else if (historical[0] == 0x00) {
      end = historical.length - 3; // the last three bytes are the status indicator
    } else {
      return new byte[0];
    }
    int i = 1;
    while (i < end) {
      int tag = (historical[i] >>> 4) & 0x0F;
      int len = historical[i] & 0x0F;
      if (i + 1 + len > end) {
        return new byte[0];
      }
      if (tag == 0x7) {
        return Arrays.copyOfRange(historical, i + 1, i + 1 + len);
      }
      i += 1 + len;
    }
    return new byte[0];
  }

  @Override
  public String toString() {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }
}
