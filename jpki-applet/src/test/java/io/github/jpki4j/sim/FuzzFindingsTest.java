package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bugs the fuzz targets ({@code sim.fuzz}) found, one test each; the input that found each is
 * kept in the target's corpus too (named in the test's comment). See docs/robustness.md.
 */
class FuzzFindingsTest {

  // CardDirectoryFuzzTestInputs/stateFile/crash-malformed-unicode-escape: Properties.load threw
  // IllegalArgumentException (a malformed backslash-u escape) out of CardStateFile.read, so
  // VirtualCard.open failed with an unchecked exception instead of "the file is damaged"
  @Test
  void aMalformedUnicodeEscapeInTheStateFileIsADamagedFile(@TempDir Path dir) throws Exception {
    for (String bad : new String[] {"format=1\nauth.pin=\\u12\n", "format=1\\u00zz\n",
        "format=1\nsign.pin=AB\\u"}) {
      Files.writeString(dir.resolve(CardStateFile.NAME), bad);
      IOException e = assertThrows(IOException.class, () -> new CardStateFile(dir).read(), bad);
      assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
    }
  }
}
