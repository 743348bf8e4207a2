package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The PIN formats at their edges, the counter's range, and the words PIN errors use. */
class PinRulesTest {

  private static byte[] encode(JpkiPin pin, String value) throws PinFormatException {
    return pin.encode(value.toCharArray());
  }

  @Test
  void theAuthPinIsExactlyFourDigits() throws Exception {
    assertArrayEquals("0909".getBytes(StandardCharsets.US_ASCII), encode(JpkiPin.AUTH, "0909"));
    for (String bad : new String[] {"123", "12345", "/123", "123:", "12 4", "１２３４", "abcd"}) {
      PinFormatException e =
          assertThrows(PinFormatException.class, () -> encode(JpkiPin.AUTH, bad), bad);
      assertEquals(JpkiPin.AUTH, e.pin());
    }
    assertTrue(
        assertThrows(PinFormatException.class, () -> encode(JpkiPin.AUTH, "1"))
            .getMessage()
            .startsWith("the auth PIN is exactly 4 digits, got 1 character;"));
  }

  @Test
  void theSignaturePasswordIsSixToSixteenLettersAndDigits() throws Exception {
    assertArrayEquals("AZ09AZ".getBytes(StandardCharsets.US_ASCII), encode(JpkiPin.SIGN, "AZ09AZ"));
    assertArrayEquals(
        "ABCDEFGHIJKLMNOP".getBytes(StandardCharsets.US_ASCII),
        encode(JpkiPin.SIGN, "abcdefghijklmnop"));
    assertArrayEquals("AZAZ09".getBytes(StandardCharsets.US_ASCII), encode(JpkiPin.SIGN, "azAZ09"));
    for (String bad :
        new String[] {
          "ABC12",
          "ABCDEFGHIJKLMNOPQ",
          "ABC12@",
          "ABC12[",
          "ABC12`",
          "ABC12{",
          "ABC12/",
          "ABC12:",
          "ABC 12",
          "ÄBC123"
        }) {
      assertThrows(PinFormatException.class, () -> encode(JpkiPin.SIGN, bad), bad);
    }
    // each says which characters it takes
    assertTrue(
        assertThrows(PinFormatException.class, () -> encode(JpkiPin.SIGN, "ABC12@"))
            .getMessage()
            .startsWith("the signature password is letters A-Z and digits 0-9 only"));
    assertTrue(
        assertThrows(PinFormatException.class, () -> encode(JpkiPin.AUTH, "12a4"))
            .getMessage()
            .startsWith("the auth PIN is digits only (0-9)"));
  }

  @Test
  void onlyTheSignaturePasswordFoldsCase() {
    assertTrue(JpkiPin.SIGN.wouldFoldCase("ABCa12".toCharArray()));
    assertTrue(JpkiPin.SIGN.wouldFoldCase("ABCz12".toCharArray()));
    assertFalse(JpkiPin.SIGN.wouldFoldCase("ABC`12{".toCharArray()));
    assertFalse(JpkiPin.SIGN.wouldFoldCase("ABCDEF".toCharArray()));
    assertFalse(JpkiPin.AUTH.wouldFoldCase("abcd".toCharArray()));
  }

  @Test
  void theCounterRangeIsWhatA63CxCanSay() {
    assertEquals(15, new PinStatus(JpkiPin.SIGN, 15).triesLeft());
    assertThrows(IllegalArgumentException.class, () -> new PinStatus(JpkiPin.SIGN, 16));
    assertThrows(IllegalArgumentException.class, () -> new PinStatus(JpkiPin.SIGN, -1));
    assertThrows(IllegalArgumentException.class, () -> new PinStatus(JpkiPin.AUTH, 2, true));
    assertEquals("blocked", new PinStatus(JpkiPin.AUTH, 0).describe());
    assertEquals("2 of 3 tries left", new PinStatus(JpkiPin.AUTH, 2).describe());
    assertEquals("verified (5 of 5 tries left)", PinStatus.verifiedNow(JpkiPin.SIGN).describe());
  }

  @Test
  void onlyTheLastTryWarnsThatTheNextWrongEntryBlocks() {
    assertEquals(
        "wrong auth PIN: 1 try left; one more wrong entry blocks it",
        new WrongPinException(JpkiPin.AUTH, 1).getMessage());
    assertEquals(
        "wrong signature password: 2 tries left",
        new WrongPinException(JpkiPin.SIGN, 2).getMessage());
  }

  @Test
  void theNamesTheCliAndPkcs15Use() {
    assertEquals("4 digits", JpkiPin.AUTH.formatDescription());
    assertEquals(1, JpkiCertificate.AUTH.pkcs15Id());
    assertEquals(4, JpkiCertificate.SIGN_CA.pkcs15Id());
    assertEquals(JpkiPin.SIGN, JpkiCertificate.SIGN.readPin().orElseThrow());
    assertTrue(JpkiCertificate.AUTH.readPin().isEmpty());
    assertEquals("SHA-256", DigestAlgorithm.SHA256.jcaName());
    assertEquals("auth-ca", JpkiCertificate.AUTH_CA.cliName());
  }
}
