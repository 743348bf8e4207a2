package io.github.jpki4j.applet;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The personalization command {@code 80 EA <options> 00}: its checks and its lifetime. */
@Timeout(value = 60, unit = SECONDS)
class SetOptionsCommandTest {
  @Test
  void constantsAreTheDocumentedValues() {
    assertEquals((byte) 0xEA, JpkiConstants.INS_PERSO_SET_OPTIONS);
    assertEquals(0x01, JpkiConstants.OPTION_VERIFIED_ANSWERS_9000);
    assertEquals(0x02, JpkiConstants.OPTION_BLOCKED_ANSWERS_6984);
    assertEquals(0x04, JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED);
  }

  @Test
  void acceptedBeforeLockForEveryKnownMask() {
    RawCard card = new RawCard();
    card.selectAp();
    for (int options = 0; options <= 15; options++) {
      assertEquals("9000", card.sw(String.format("80EA%02X00", options)), "mask " + options);
    }
  }

  @Test
  void parameterAndLengthErrors() {
    RawCard card = new RawCard();
    card.selectAp();
    assertEquals("6A86", card.sw("80EA1000"), "unknown bit 10");
    assertEquals("6A86", card.sw("80EA8000"), "unknown bit 80");
    assertEquals("6A86", card.sw("80EAFF00"));
    assertEquals("6A86", card.sw("80EA0001"), "P2 must be 00");
    assertEquals("6A86", card.sw("80EA0101"));
    assertEquals("6700", card.sw("80EA01000101"), "no data field");
    assertEquals("6700", card.sw("80EA0000020000"));
    // the neighbours of EA in the personalization range are not commands
    assertEquals("6D00", card.sw("80E90000"));
    assertEquals("6D00", card.sw("80EB0000"));
  }

  @Test
  void refusedAfterLock() {
    RawCard card = RawCard.withOptions(0);
    for (int options = 0; options <= 7; options++) {
      assertEquals("6D00", card.sw(String.format("80EA%02X00", options)));
    }
    assertEquals("6D00", card.sw("80EA0800"), "6D00 before any parameter check");
    assertEquals("6D00", card.sw("80EA01000101"));
    // and it did not change the behaviour: still the default empty VERIFY when verified
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertEquals("63C3", card.sw("00200080"));
  }

  @Test
  void refusedOptionsChangeNothing() {
    List<CommandAPDU> commands = RawCard.standardCommands();
    commands.add(
        commands.size() - 1, RawCard.setOptions(JpkiConstants.OPTION_VERIFIED_ANSWERS_9000));
    RawCard card = new RawCard();
    card.personalize(commands.subList(0, commands.size() - 1));
    assertEquals("6A86", card.sw("80EA1100"), "0x10 unknown, so 0x01 is not set either");
    assertEquals("6A86", card.sw("80EA0001"));
    assertEquals("6700", card.sw("80EA00000100"));
    assertEquals("9000", card.sw("80E80000"));
    card.reset();
    card.selectAp();
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertEquals("9000", card.sw("00200080"), "the accepted 80 EA 01 00 still holds");
  }

  @Test
  void theLastOneWins() {
    List<CommandAPDU> commands =
        RawCard.withOptions(RawCard.withOptions(RawCard.standardCommands(), 0x07), 0x02);
    RawCard card = RawCard.personalized(commands);
    card.selectAp();
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertEquals("63C3", card.sw("00200080"), "01 was replaced");
    card.selectAp();
    assertEquals("9000", card.sign(0x0017), "04 was replaced");
    card.selectEf(0x0018);
    for (int left = 2; left >= 0; left--) {
      assertEquals(String.format("63C%d", left), card.sw(RawCard.verifyCommand("0000")));
    }
    assertEquals("6984", card.sw("00200080"), "02 is the one in force");
  }

  @Test
  void zeroClearsEarlierOptions() {
    RawCard card =
        RawCard.personalized(
            RawCard.withOptions(RawCard.withOptions(RawCard.standardCommands(), 0x07), 0x00));
    card.selectAp();
    assertEquals("9000", card.verify(0x001B, "ABC123"));
    assertEquals("63C5", card.sw("00200080"));
  }
}
