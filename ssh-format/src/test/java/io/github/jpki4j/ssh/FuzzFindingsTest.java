package io.github.jpki4j.ssh;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * Bugs the fuzz targets ({@code ssh.fuzz}) found, one test each, in plain words; the input that
 * found each is kept in the target's corpus too (named in the test's comment). See
 * docs/robustness.md.
 */
class FuzzFindingsTest {
  private final String keyLine =
      RsaSshPublicKey.of(TestKeys.rsa2048Public()).toAuthorizedKeysLine("comment");

  // AuthorizedKeysLineFuzzTestInputs/line/crash-cr-inside-comment: parse used to build the record
  // with a comment holding a CR, and the record's own check threw IllegalArgumentException
  @Test
  void aLineBreakInsideAKeyLineIsAFormatError() {
    for (String bad :
        new String[] {
          keyLine + "\rmore", keyLine + "\nmore\n", keyLine + "\r\r\nmore", "no-pty\n" + keyLine
        }) {
      SshFormatException e =
          assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse(bad));
      assertTrue(e.getMessage().contains("line break"), e.getMessage());
    }
  }

  @Test
  void lineTerminatorsAtTheEndAreStillIgnored() throws Exception {
    AuthorizedKeysLine.parse(keyLine + "\r\n");
    AuthorizedKeysLine.parse(keyLine + "\n\n");
  }
}
