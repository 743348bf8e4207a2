package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each profile changes, seen through javax.smartcardio as a host program sees it: the host
 * layer's quirks (first-6f00, reset-keeps-pin, the short-only reader) and the persistence of the
 * profile. The applet's own options are tested in the applet package.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProfileBehaviourTest {
  private static final CommandAPDU SELECT_AP =
      new CommandAPDU(HexFormat.of().parseHex("00A4040C0AD392F000260100000001"));
  private static final CommandAPDU SELECT_AUTH_PIN =
      new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x00, 0x18});
  private static final CommandAPDU EMPTY_VERIFY = new CommandAPDU(0x00, 0x20, 0x00, 0x80);
  private static final CommandAPDU VERIFY_1234 =
      new CommandAPDU(0x00, 0x20, 0x00, 0x80, "1234".getBytes(StandardCharsets.US_ASCII));
  private static final CommandAPDU SELECT_AUTH_KEY =
      new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x00, 0x17});
  private static final CommandAPDU SIGN =
      new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[] {1, 2, 3}, 256);

  private static VirtualCard card(Quirk... quirks) {
    return card(new CardProfile(CardKind.CONTACT_2024, ReaderKind.EXTENDED, Set.of(quirks)));
  }

  private static VirtualCard card(CardProfile profile) {
    return VirtualCard.create(TestIdentity.defaultIdentity(), PinState.defaults(), profile);
  }

  private static int sw(CardChannel ch, CommandAPDU c) throws CardException {
    return ch.transmit(c).getSW();
  }

  @Test
  void first6f00AnswersOnlyTheFirstCommandAfterPowerUpOrReset() throws Exception {
    try (VirtualCard vc = card(Quirk.FIRST_6F00)) {
      Card c = vc.terminal().connect("*");
      CardChannel ch = c.getBasicChannel();
      assertEquals(0x6F00, sw(ch, SELECT_AP));
      assertEquals(0x9000, sw(ch, SELECT_AP));
      assertEquals(0x9000, sw(ch, SELECT_AP));
      c.disconnect(true); // a warm reset
      ch = vc.terminal().connect("*").getBasicChannel();
      assertEquals(0x6F00, sw(ch, SELECT_AP));
      assertEquals(0x9000, sw(ch, SELECT_AP));
      vc.removeCard();
      vc.insertCard();
      ch = vc.terminal().connect("*").getBasicChannel();
      assertEquals(0x6F00, sw(ch, SELECT_AP));
    }
    try (VirtualCard plain = card()) {
      assertEquals(0x9000, sw(plain.terminal().connect("*").getBasicChannel(), SELECT_AP));
    }
  }

  /** Verifies the auth PIN and returns whether signing then works. */
  private static void verify(CardChannel ch) throws CardException {
    assertEquals(0x9000, sw(ch, SELECT_AP));
    assertEquals(0x9000, sw(ch, SELECT_AUTH_PIN));
    assertEquals(0x9000, sw(ch, VERIFY_1234));
  }

  private static int signAfterSelect(CardChannel ch) throws CardException {
    assertEquals(0x9000, sw(ch, SELECT_AP));
    assertEquals(0x9000, sw(ch, SELECT_AUTH_KEY));
    return sw(ch, SIGN);
  }

  @Test
  void resetKeepsPinSurvivesAWarmResetButNotPowerLoss() throws Exception {
    try (VirtualCard vc = card(Quirk.RESET_KEEPS_PIN)) {
      Card c = vc.terminal().connect("*");
      verify(c.getBasicChannel());
      c.disconnect(true); // SCARD_RESET_CARD
      CardChannel ch = vc.terminal().connect("*").getBasicChannel();
      // nothing is selected after the reset: the card manager answers
      assertEquals(0x6D00, sw(ch, SIGN));
      assertEquals(0x9000, signAfterSelect(ch), "still verified after a warm reset");
      vc.reset();
      ch = vc.terminal().connect("*").getBasicChannel();
      assertEquals(0x9000, signAfterSelect(ch), "still verified after VirtualCard.reset()");
      vc.powerOff();
      ch = vc.terminal().connect("*").getBasicChannel();
      assertEquals(0x6982, signAfterSelect(ch), "power-off clears it");
    }
    try (VirtualCard vc = card()) {
      Card c = vc.terminal().connect("*");
      verify(c.getBasicChannel());
      c.disconnect(true);
      assertEquals(
          0x6982,
          signAfterSelect(vc.terminal().connect("*").getBasicChannel()),
          "by default a reset clears it");
    }
  }

  @Test
  void reselectClearsPinForgetsTheVerifiedPinWhenAnotherProgramReselects() throws Exception {
    try (VirtualCard vc = card(Quirk.RESELECT_CLEARS_PIN)) {
      CardChannel ch = vc.terminal().connect("*").getBasicChannel();
      verify(ch);
      assertEquals(0x9000, sw(ch, SELECT_AUTH_KEY));
      assertEquals(0x9000, sw(ch, SIGN));
      vc.transmit(SELECT_AP.getBytes()); // another program, through the raw path
      assertEquals(0x9000, sw(ch, SELECT_AUTH_KEY));
      assertEquals(0x6982, sw(ch, SIGN));
    }
  }

  @Test
  void aShortOnlyReaderFailsAnExtendedApduAtTheTransmitWithoutTheCardSeeingIt() throws Exception {
    try (VirtualCard vc = card(CardProfile.DEFAULT.in(ReaderKind.SHORT_ONLY))) {
      Card c = vc.terminal().connect("*");
      CardChannel ch = c.getBasicChannel();
      assertEquals(0x9000, sw(ch, SELECT_AP));
      assertEquals(
          0x9000, sw(ch, new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x00, 0x0A})));
      CardException e =
          assertThrows(
              CardException.class,
              () -> ch.transmit(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 65536)));
      assertTrue(e.getCause().getMessage().contains("SCARD_E_NOT_TRANSACTED"), e.toString());
      // not a removal, and the card's state is intact: the EF is still selected
      assertTrue(vc.isCardPresent());
      byte[] first = ch.transmit(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 256)).getData();
      assertEquals(256, first.length);
      assertEquals(0x30, first[0] & 0xFF);
    }
  }

  @Test
  void aPersistentCardKeepsItsProfileForEveryLaterUse(@TempDir Path dir) throws Exception {
    Path cardDir = dir.resolve("card");
    try (VirtualCard vc = VirtualCard.open(cardDir)) {
      assertEquals(CardProfile.DEFAULT, vc.profile());
    }
    assertTrue(Files.readString(cardDir.resolve("profile")).contains("contact-2024\n"));
    CardProfile older = CardProfile.parse("contact-noext,reader-short,first-6f00");
    try (VirtualCard vc = VirtualCard.open(cardDir, older)) {
      assertEquals(older, vc.profile());
      assertEquals(
          CardKind.CONTACT_NOEXT.atrHex(), HexFormat.of().withUpperCase().formatHex(vc.atr()));
    }
    try (VirtualCard vc = VirtualCard.open(cardDir)) {
      assertEquals(older, vc.profile(), "kept in the directory");
    }
    Files.writeString(cardDir.resolve("profile"), "# hand-edited\ncontact-2024,bogus\n");
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> VirtualCard.open(cardDir));
    assertTrue(e.getMessage().contains("'bogus' is not"), e.getMessage());
  }

  @Test
  void theCountersPersistedAreTheCardsOwn(@TempDir Path dir) throws Exception {
    Path cardDir = dir.resolve("card");
    try (VirtualCard vc = VirtualCard.open(cardDir)) {
      CardChannel ch = vc.terminal().connect("*").getBasicChannel();
      assertEquals(0x9000, sw(ch, SELECT_AP));
      assertEquals(0x9000, sw(ch, SELECT_AUTH_PIN));
      assertEquals(
          0x63C2,
          sw(
              ch,
              new CommandAPDU(0x00, 0x20, 0x00, 0x80, "0000".getBytes(StandardCharsets.US_ASCII))));
      // the SFI form names the PIN without a SELECT: the card's counter, not a re-parse, counts
      assertEquals(
          0x63C4,
          sw(
              ch,
              new CommandAPDU(
                  0x00, 0x20, 0x00, 0x9B, "WRONG1".getBytes(StandardCharsets.US_ASCII))));
      assertEquals(0x63C2, sw(ch, EMPTY_VERIFY));
    }
    try (VirtualCard vc = VirtualCard.open(cardDir)) {
      assertEquals(2, vc.pinState().authTriesLeft());
      assertEquals(4, vc.pinState().signTriesLeft());
    }
  }
}
