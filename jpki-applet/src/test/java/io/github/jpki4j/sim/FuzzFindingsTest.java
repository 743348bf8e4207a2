package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bugs the fuzz targets ({@code sim.fuzz}) found, one test each; the input that found each is kept
 * in the target's corpus too (named in the test's comment). See docs/robustness.md.
 */
class FuzzFindingsTest {

  // CardDirectoryFuzzTestInputs/stateFile/crash-malformed-unicode-escape: Properties.load threw
  // IllegalArgumentException (a malformed backslash-u escape) out of CardStateFile.read, so
  // VirtualCard.open failed with an unchecked exception instead of "the file is damaged"
  // VpcdBridgeFuzzTestInputs/bridge/crash-cut-extended-length-apdu: an APDU whose extended
  // length is cut short (FB B0 00 00 00 00) made jcardsim's parser throw
  // ArrayIndexOutOfBoundsException through VirtualCard.transmit, which killed the vpcd bridge
  // ('jpki sim serve') on the first such command from any PC/SC client
  @Test
  void anApduWithACutExtendedLengthIsAnsweredWrongLength() {
    VirtualCard card = VirtualCard.create(TestIdentity.defaultIdentity());
    for (String apdu :
        new String[] {"FBB000000000", "00B0000000", "00A4040C00", "00B000000000FF"}) {
      byte[] r = card.transmit(HexFormat.of().parseHex(apdu));
      assertEquals(2, r.length, apdu);
      assertTrue(r[0] != 0x6F, apdu + " answered " + HexFormat.of().formatHex(r));
    }
    assertArrayEquals(
        new byte[] {0x67, 0x00}, card.transmit(HexFormat.of().parseHex("FBB000000000")));
    // the card still works
    assertArrayEquals(
        new byte[] {(byte) 0x90, 0x00},
        card.transmit(HexFormat.of().parseHex("00A4040C0AD392F000260100000001")));
    card.close();
  }

  @Test
  void aMalformedUnicodeEscapeInTheStateFileIsADamagedFile(@TempDir Path dir) throws Exception {
    for (String bad :
        new String[] {
          "format=1\nauth.pin=\\u12\n", "format=1\\u00zz\n", "format=1\nsign.pin=AB\\u"
        }) {
      Files.writeString(dir.resolve(CardStateFile.NAME), bad);
      IOException e = assertThrows(IOException.class, () -> new CardStateFile(dir).read(), bad);
      assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }
  }
}
