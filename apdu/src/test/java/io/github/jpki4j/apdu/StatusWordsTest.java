package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The words every status word and command gets in messages and traces. */
class StatusWordsTest {

  @Test
  void everyStatusWordJpkiUsesHasItsOwnWords() {
    int[] known = {
      StatusWords.OK,
      StatusWords.WRONG_LENGTH,
      StatusWords.SECURITY_STATUS_NOT_SATISFIED,
      StatusWords.AUTH_METHOD_BLOCKED,
      StatusWords.REFERENCE_DATA_NOT_USABLE,
      StatusWords.CONDITIONS_NOT_SATISFIED,
      StatusWords.COMMAND_NOT_ALLOWED,
      StatusWords.FILE_NOT_FOUND,
      StatusWords.INCORRECT_P1P2,
      StatusWords.WRONG_P1P2,
      StatusWords.INS_NOT_SUPPORTED,
      StatusWords.CLA_NOT_SUPPORTED,
      StatusWords.NO_PRECISE_DIAGNOSIS,
    };
    Set<String> seen = new HashSet<>();
    for (int sw : known) {
      String words = StatusWords.describe(sw);
      assertFalse(words.isBlank(), Integer.toHexString(sw));
      assertFalse(words.equals("unknown status"), Integer.toHexString(sw));
      assertTrue(seen.add(words), "two status words described alike: " + words);
    }
    assertEquals("success", StatusWords.describe(0x9000));
    assertEquals("security status not satisfied", StatusWords.describe(0x6982));
    assertEquals("file or application not found", StatusWords.describe(0x6A82));
    assertEquals("wrong parameters P1-P2 (offset beyond the end)", StatusWords.describe(0x6B00));
  }

  @Test
  void triesLeftAndLengthHintsCarryTheirNumber() {
    assertEquals("verification failed, 2 tries left", StatusWords.describe(0x63C2));
    assertEquals("verification failed, 0 tries left", StatusWords.describe(0x63C0));
    assertEquals("wrong Le, expected 71", StatusWords.describe(0x6C47));
    assertEquals("16 more bytes available", StatusWords.describe(0x6110));
    assertTrue(StatusWords.isTriesLeft(0x63CF));
    assertFalse(StatusWords.isTriesLeft(0x63D0));
    assertFalse(StatusWords.isTriesLeft(0x6300));
  }

  @Test
  void otherStatusWordsAreUnknownNotMisnamed() {
    for (int sw : new int[] {0x6A80, 0x9001, 0x6CFF ^ 0x0100, 0x6200, 0x61FF ^ 0x0200, 0x0000}) {
      assertEquals("unknown status", StatusWords.describe(sw), Integer.toHexString(sw));
    }
  }

  @Test
  void commandsAreNamedByTheirInstructionByte() {
    assertEquals("SELECT", StatusWords.commandName(0xA4));
    assertEquals("READ BINARY", StatusWords.commandName(0xB0));
    assertEquals("VERIFY", StatusWords.commandName(0x20));
    assertEquals("CHANGE REFERENCE DATA", StatusWords.commandName(0x24));
    assertEquals("COMPUTE DIGITAL SIGNATURE", StatusWords.commandName(0x2A));
    assertEquals("INS 84", StatusWords.commandName(0x84));
    assertEquals("INS 0A", StatusWords.commandName(0x0A));
  }
}
