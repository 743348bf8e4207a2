package io.github.jpki4j.jpki;

import java.nio.charset.StandardCharsets;

/**
 * EF 0006 of the JPKI AP: the first 32 bytes are the token label, padded with spaces ({@code
 * JPKIAPICCTOKEN2} on a My Number Card).
 *
 * @param label the label with padding (spaces, NULs) removed
 * @param raw the whole EF as read
 */
// ArrayRecordComponent: raw is copied in and out; callers use label(), nothing compares
// TokenInfo values
@SuppressWarnings("ArrayRecordComponent")
public record TokenInfo(String label, byte[] raw) {
  /** The label of the My Number Card's JPKI token. */
  public static final String MY_NUMBER_CARD = "JPKIAPICCTOKEN2";

  public TokenInfo {
    raw = raw.clone();
  }

  /** Decodes the EF; a short EF gives whatever label it holds. */
  public static TokenInfo parse(byte[] ef) {
    int n = Math.min(32, ef.length);
    int end = n;
    while (end > 0 && (ef[end - 1] == ' ' || ef[end - 1] == 0)) {
      end--;
    }
    return new TokenInfo(new String(ef, 0, end, StandardCharsets.US_ASCII), ef);
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }
}
