package io.github.jpki4j.applet;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.PinState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JpkiApplet#pinTriesLeft} and {@link JpkiApplet#pinVerified}, the simulator's view. */
@Timeout(value = 60, unit = SECONDS)
class HostAccessorsTest {
  private static final short AUTH = JpkiConstants.EF_AUTH_PIN;
  private static final short SIGN = JpkiConstants.EF_SIGN_PIN;
  private static final short[] NOT_PINS = {
    0x0000,
    0x0001,
    0x0002,
    0x0006,
    0x0008,
    0x000A,
    0x000B,
    0x0017,
    0x001A,
    0x0118,
    0x011B,
    (short) 0xFF18,
    0x3F00,
    -1
  };

  @Test
  void triesLeftFollowTheCard() {
    RawCard card = RawCard.withOptions(0);
    JpkiApplet applet = card.applet();
    assertEquals(3, applet.pinTriesLeft(AUTH));
    assertEquals(5, applet.pinTriesLeft(SIGN));
    assertEquals("63C2", card.verify(0x0018, "0000"));
    assertEquals(2, applet.pinTriesLeft(AUTH));
    assertEquals(5, applet.pinTriesLeft(SIGN));
    assertEquals("63C4", card.verify(0x001B, "WRONG1"));
    assertEquals("63C3", card.sw(RawCard.verifyCommand("WRONG2")));
    assertEquals(3, applet.pinTriesLeft(SIGN));
    assertEquals("9000", card.sw(RawCard.verifyCommand("ABC123")));
    assertEquals(5, applet.pinTriesLeft(SIGN), "back to the maximum");
    assertEquals("63C1", card.verify(0x0018, "0000"));
    assertEquals("63C0", card.sw(RawCard.verifyCommand("0000")));
    assertEquals(0, applet.pinTriesLeft(AUTH), "blocked");
    card.reset();
    assertEquals(0, applet.pinTriesLeft(AUTH), "persistent");
    assertEquals(5, applet.pinTriesLeft(SIGN));
  }

  @Test
  void triesLeftAsPersonalized() {
    RawCard card =
        RawCard.personalized(RawCard.standardCommands(new PinState("4321", 1, "PASSWORD7", 0)));
    assertEquals(1, card.applet().pinTriesLeft(AUTH));
    assertEquals(0, card.applet().pinTriesLeft(SIGN));
  }

  @Test
  void triesLeftBeforePersonalizationAreZero() {
    RawCard card = new RawCard();
    assertEquals(0, card.applet().pinTriesLeft(AUTH));
    assertEquals(0, card.applet().pinTriesLeft(SIGN));
    assertFalse(card.applet().pinVerified(AUTH));
  }

  @Test
  void otherIdsAnswerMinusOneAndFalse() {
    RawCard card = RawCard.withOptions(0);
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertEquals("9000", card.verify(0x001B, "ABC123"));
    for (short id : NOT_PINS) {
      assertEquals(-1, card.applet().pinTriesLeft(id), String.format("id %04X", id));
      assertFalse(card.applet().pinVerified(id), String.format("id %04X", id));
    }
  }

  @Test
  void verifiedFollowsTheSession() {
    RawCard card = RawCard.withOptions(0);
    JpkiApplet applet = card.applet();
    assertFalse(applet.pinVerified(AUTH));
    assertFalse(applet.pinVerified(SIGN));
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertTrue(applet.pinVerified(AUTH));
    assertFalse(applet.pinVerified(SIGN));
    assertEquals("9000", card.verify(0x001B, "ABC123"));
    assertTrue(applet.pinVerified(SIGN));
    card.selectAp();
    assertTrue(applet.pinVerified(AUTH), "re-SELECT keeps it by default");
    assertEquals("63C4", card.verify(0x001B, "WRONG1"));
    assertFalse(applet.pinVerified(SIGN), "a failed VERIFY clears it");
    assertTrue(applet.pinVerified(AUTH));
    card.reset();
    assertFalse(applet.pinVerified(AUTH), "a reset clears it");
  }

  @Test
  void verifiedClearedByReselectWithTheOption() {
    RawCard card = RawCard.withOptions(JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED);
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertTrue(card.applet().pinVerified(AUTH));
    card.selectAp();
    assertFalse(card.applet().pinVerified(AUTH));
  }
}
