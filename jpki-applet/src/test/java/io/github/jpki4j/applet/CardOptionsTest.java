package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.JpkiConstants.OPTION_BLOCKED_ANSWERS_6984;
import static io.github.jpki4j.applet.JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED;
import static io.github.jpki4j.applet.JpkiConstants.OPTION_VERIFIED_ANSWERS_9000;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.PinState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-card variants of §10/§11 set by {@code 80 EA}: each option alone changes only its own
 * behaviour, and without it (the default) the card answers as before.
 */
@Timeout(value = 60, unit = SECONDS)
class CardOptionsTest {
  private static final String AUTH_PIN = "1234";
  private static final String SIGN_PIN = "ABC123";

  private static boolean has(int options, int option) {
    return (options & option) != 0;
  }

  /** Exhausts the auth PIN with wrong attempts; the last one answers 63C0. */
  private static void blockAuthPin(RawCard card) {
    card.selectEf(0x0018);
    assertEquals("63C2", card.sw(RawCard.verifyCommand("0000")));
    assertEquals("63C1", card.sw(RawCard.verifyCommand("0000")));
    assertEquals("63C0", card.sw(RawCard.verifyCommand("0000")));
  }

  // ---- the empty VERIFY on a verified PIN -----------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x01, 0x02, 0x04, 0x07})
  void emptyVerifyOnAVerifiedPin(int options) {
    RawCard card = RawCard.withOptions(options);
    boolean answers9000 = has(options, OPTION_VERIFIED_ANSWERS_9000);
    // not verified yet: the counter, whatever the options
    assertEquals("63C3", card.emptyVerify(0x0018));
    assertEquals("63C5", card.emptyVerify(0x001B));
    assertEquals("9000", card.verify(0x0018, AUTH_PIN));
    assertEquals(answers9000 ? "9000" : "63C3", card.sw("00200080"));
    assertEquals("63C5", card.emptyVerify(0x001B), "only the verified PIN");
    assertEquals("9000", card.verify(0x001B, SIGN_PIN));
    assertEquals(answers9000 ? "9000" : "63C5", card.sw("00200080"));
    assertEquals(answers9000 ? "9000" : "63C3", card.sw("00200098"), "by SFI too");
    // the answer spends nothing and changes nothing
    assertEquals("9000", card.sign(0x0017));
    assertEquals("9000", card.sign(0x001A));
    // a failed VERIFY ends the verified state, and with it the 9000
    card.selectEf(0x0018);
    assertEquals("63C2", card.sw(RawCard.verifyCommand("0000")));
    assertEquals("63C2", card.sw("00200080"));
    card.reset();
    card.selectAp();
    assertEquals("63C5", card.emptyVerify(0x001B), "a reset clears the verified state");
  }

  @Test
  void verifiedAnswers9000OnlyWithTheOption() {
    RawCard plain = RawCard.withOptions(0);
    RawCard option = RawCard.withOptions(OPTION_VERIFIED_ANSWERS_9000);
    for (RawCard card : new RawCard[] {plain, option}) {
      assertEquals("9000", card.verify(0x0018, AUTH_PIN));
    }
    assertEquals("63C3", plain.sw("00200080"));
    assertEquals("9000", option.sw("00200080"));
  }

  // ---- the empty VERIFY on a blocked PIN ------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x01, 0x02, 0x04, 0x07})
  void emptyVerifyOnABlockedPin(int options) {
    RawCard card = RawCard.withOptions(options);
    String blocked = has(options, OPTION_BLOCKED_ANSWERS_6984) ? "6984" : "63C0";
    blockAuthPin(card);
    assertEquals(blocked, card.sw("00200080"));
    assertEquals(blocked, card.sw("00200098"), "by SFI too");
    assertEquals("6984", card.sw(RawCard.verifyCommand(AUTH_PIN)), "with data: always 6984");
    assertEquals("63C5", card.emptyVerify(0x001B), "the other PIN is not blocked");
    card.reset();
    card.selectAp();
    assertEquals(blocked, card.emptyVerify(0x0018), "blocked is persistent");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x02})
  void aPinPersonalizedBlocked(int options) {
    PinState pins = PinState.defaults().withSignTriesLeft(0);
    RawCard card =
        RawCard.personalized(RawCard.withOptions(RawCard.standardCommands(pins), options));
    card.selectAp();
    assertEquals(options == 0 ? "63C0" : "6984", card.emptyVerify(0x001B));
    assertEquals("63C3", card.emptyVerify(0x0018));
  }

  @Test
  void blockedAnswers6984OnlyWithTheOption() {
    RawCard plain = RawCard.withOptions(0);
    RawCard option = RawCard.withOptions(OPTION_BLOCKED_ANSWERS_6984);
    blockAuthPin(plain);
    blockAuthPin(option);
    assertEquals("63C0", plain.sw("00200080"));
    assertEquals("6984", option.sw("00200080"));
  }

  // ---- re-SELECT of the AP ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x01, 0x02, 0x04, 0x07})
  void reselectOfTheAp(int options) {
    RawCard card = RawCard.withOptions(options);
    boolean clears = has(options, OPTION_RESELECT_CLEARS_VERIFIED);
    String afterReselect = clears ? "6982" : "9000";
    assertEquals("9000", card.verify(0x0018, AUTH_PIN));
    assertEquals("9000", card.verify(0x001B, SIGN_PIN));
    // EF selections and a foreign SELECT never clear (the JCRE hands it to the applet: 6A82)
    card.selectEf(0x000A);
    assertEquals("6A82", card.sw("00A4040C07A0000000791000"));
    assertEquals("9000", card.sign(0x0017));
    assertEquals("9000", card.sign(0x001A));
    // a SELECT of the AP that the JCRE treats as a selection: Applet.select()
    card.selectAp();
    assertEquals(afterReselect, card.sign(0x0017));
    assertEquals(afterReselect, card.sign(0x001A));
    card.selectEf(0x0001);
    assertEquals(afterReselect, card.sw("00B0000004"), "the signature certificate");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x04})
  void reselectThatReachesProcess(int options) {
    RawCard card = RawCard.withOptions(options);
    assertEquals("9000", card.verify(0x0018, AUTH_PIN));
    // an extended SELECT is no selection for the JCRE: the applet's process() gets it
    assertEquals("9000", card.sw("00A4040C00000A" + RawCard.AID));
    assertEquals(options == 0 ? "9000" : "6982", card.sign(0x0017));
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x04})
  void reselectWithFci(int options) {
    RawCard card = RawCard.withOptions(options);
    assertEquals("9000", card.verify(0x001B, SIGN_PIN));
    assertEquals("9000", card.sw("00A404000A" + RawCard.AID + "00"));
    assertEquals(options == 0 ? "9000" : "6982", card.sign(0x001A));
  }

  @Test
  void reselectClearsOnlyWithTheOption() {
    RawCard plain = RawCard.withOptions(0);
    RawCard option = RawCard.withOptions(OPTION_RESELECT_CLEARS_VERIFIED);
    for (RawCard card : new RawCard[] {plain, option}) {
      assertEquals("9000", card.verify(0x0018, AUTH_PIN));
      card.selectAp();
    }
    assertEquals("9000", plain.sign(0x0017));
    assertEquals("6982", option.sign(0x0017));
    // and the PIN can be verified again afterwards
    assertEquals("9000", option.verify(0x0018, AUTH_PIN));
    assertEquals("9000", option.sign(0x0017));
  }

  @Test
  void reselectDoesNotTouchTheCounters() {
    RawCard card = RawCard.withOptions(OPTION_RESELECT_CLEARS_VERIFIED);
    assertEquals("63C2", card.verify(0x0018, "0000"));
    card.selectAp();
    assertEquals("63C2", card.emptyVerify(0x0018));
  }
}
