package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Where the historical bytes are (ISO 7816-3 §8.2: T0, then the interface bytes each TDi
 * announces), and where the card capabilities are inside them (ISO 7816-4 §8.1.1: category 80, or
 * category 00 with a 3-byte status indicator at the end), at the edges of both.
 */
class AtrStructureTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Atr atr(String hex) {
    return Atr.parse(HEX.parseHex(hex.replace(" ", "")));
  }

  private static String historical(String atrHex) {
    return HEX.formatHex(atr(atrHex).historicalBytes());
  }

  @Test
  void theAtrIsKeptAsGivenAndPrintedAsHex() {
    byte[] bytes = HEX.parseHex("3bda13ff8131fb468012392f31c173c601c03b");
    Atr a = Atr.parse(bytes);
    bytes[0] = 0;
    assertEquals(0x3B, a.bytes()[0]); // a copy, both ways
    a.bytes()[1] = 0;
    assertEquals((byte) 0xDA, a.bytes()[1]);
    assertEquals("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B", a.toString());
  }

  @Test
  void historicalBytesThatEndTheAtrExactlyAreFound() {
    assertEquals("aabb", historical("3B 02 AA BB")); // no TCK after them
    assertEquals("", historical("3B 0F")); // fifteen promised, none there
    assertEquals("", historical("3B 03 AA BB")); // one short
  }

  @Test
  void aTdThatIsNotThereEndsTheSearch() {
    assertEquals("", historical("3B 80")); // TD1 announced, ATR ends
    assertEquals("", historical("3B 90 11")); // TA1 there, TD1 missing
    assertFalse(atr("3B 80").declaresExtendedLength());
  }

  @Test
  void interfaceBytesAreSkippedAsEachTdAnnounces() {
    // T0=F1: TA1 TB1 TC1 TD1, one historical byte; TD1=81: TD2; TD2=31: TA3 TB3 (T=1)
    assertEquals("55", historical("3B F1 11 22 33 81 31 44 55 55"));
  }

  @Test
  void atMostSixteenTdBytesAreFollowed() {
    // T0 announces TD1 and one historical byte; each of 16 TDs announces another TD: the chain
    // is cut after 16, and the byte after them is the historical one
    assertEquals("55", historical("3B 81" + " 80".repeat(16) + " 55"));
  }

  @Test
  void capabilitiesAtTheVeryEndOfCategory80AreRead() {
    assertTrue(atr("3B 05 80 73 00 00 40").declaresExtendedLength());
    assertFalse(atr("3B 05 80 73 00 00 00").declaresExtendedLength());
  }

  @Test
  void theStatusIndicatorOfCategory00IsNotReadAsCapabilities() {
    // 00, then a tag-7 object that would need the status indicator's bytes: not capabilities
    assertFalse(atr("3B 07 00 73 00 00 40 90 00").declaresExtendedLength());
    assertFalse(atr("3B 05 00 73 00 00 40").declaresExtendedLength());
    assertTrue(atr("3B 08 00 73 00 00 40 00 90 00").declaresExtendedLength());
  }

  @Test
  void objectsWithoutCapabilitiesOrOfOtherCategoriesDeclareNothing() {
    assertFalse(atr("3B 03 80 31 C1").declaresExtendedLength()); // objects end exactly, no tag 7
    assertFalse(atr("3B 02 80 75").declaresExtendedLength()); // tag 7 runs past the end
    assertFalse(atr("3B 05 10 73 00 00 40").declaresExtendedLength()); // category 10
    assertFalse(atr("3B 04 80 72 00 40").declaresExtendedLength()); // only two bytes of it
    assertArrayEquals(HEX.parseHex("1073000040"), atr("3B 05 10 73 00 00 40").historicalBytes());
  }
}
