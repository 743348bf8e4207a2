package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AtrTest {
  private static Atr atr(String hex) {
    return Atr.parse(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  @Test
  void myNumberCard2024DeclaresExtendedLength() {
    Atr a = atr("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B");
    assertEquals(
        "80 12 39 2F 31 C1 73 C6 01 C0",
        HexFormat.ofDelimiter(" ").withUpperCase().formatHex(a.historicalBytes()));
    assertTrue(a.declaresExtendedLength());
  }

  @Test
  void capabilitiesWithoutExtendedLength() {
    Atr a = atr("3B C5 FF 81 31 FB 45 80 73 C6 01 00 00");
    // K=5: 80 73 C6 01 00; the 5th byte belongs to the historical bytes (no TCK expected here)
    assertFalse(a.declaresExtendedLength());
  }

  @Test
  void openScJpkiAtrHasNoHistoricalBytes() {
    Atr a = atr("3B E0 00 FF 81 31 FE 45 14");
    assertEquals(0, a.historicalBytes().length);
    assertFalse(a.declaresExtendedLength());
  }

  @Test
  void statusIndicatorCategoryIsParsed() {
    // category 00: compact-TLV, last three bytes are the status indicator
    Atr a = atr("3B 88 80 01 00 73 00 00 C0 00 90 00 00");
    assertTrue(a.declaresExtendedLength());
  }

  @Test
  void malformedAtrsDeclareNothing() {
    assertFalse(atr("").declaresExtendedLength());
    assertFalse(atr("3B").declaresExtendedLength());
    assertFalse(atr("3B FF").declaresExtendedLength()); // promises bytes that are not there
    assertFalse(atr("3B 8A 80 01 80 7F").declaresExtendedLength()); // TLV length past the end
  }
}
