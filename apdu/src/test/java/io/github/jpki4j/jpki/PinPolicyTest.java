package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one decision (blocked, one try left, the caller's choice) at every counter of both PINs, and
 * the one wording of the prompt, the tries left and the refusals.
 */
class PinPolicyTest {
  private static final String CLI_ADVICE = "add --allow-last-try if you are sure of it";

  // --- the decision, at every counter ---

  @Test
  void everyCounterOfBothPinsIsDecidedTheSameWayWhateverTheCaller() throws Exception {
    for (JpkiPin pin : JpkiPin.values()) {
      for (boolean allow : new boolean[] {false, true}) {
        PinPolicy policy = PinPolicy.refusingLastTry(CLI_ADVICE).allowingLastTry(allow);
        String what = pin + (allow ? " allowing" : " refusing") + " the last try";
        PinStatus blocked = new PinStatus(pin, 0);
        assertEquals(
            pin,
            assertThrows(PinBlockedException.class, () -> policy.promptFor(blocked)).pin(),
            what);
        assertThrows(PinBlockedException.class, () -> policy.requireSendable(blocked), what);
        PinStatus last = new PinStatus(pin, 1);
        if (allow) {
          assertTrue(policy.promptFor(last).lastTry(), what);
          policy.requireSendable(last);
        } else {
          assertEquals(
              pin,
              assertThrows(LastTryRefusedException.class, () -> policy.promptFor(last)).pin(),
              what);
          assertThrows(LastTryRefusedException.class, () -> policy.requireSendable(last), what);
        }
        for (int left = 2; left <= pin.maxTries(); left++) {
          PinStatus status = new PinStatus(pin, left);
          PinPrompt prompt = policy.promptFor(status);
          assertSame(status, prompt.status(), what);
          assertFalse(prompt.lastTry(), what + " at " + left);
          assertNull(prompt.previousFailure());
          policy.requireSendable(status);
        }
        PinStatus verified = PinStatus.verifiedNow(pin);
        assertFalse(policy.promptFor(verified).lastTry(), "a verified PIN has all its tries");
      }
    }
  }

  @Test
  void theLastTryRefusalSaysWhichPinAndTheCallersAdvice() {
    LastTryRefusedException auth =
        assertThrows(
            LastTryRefusedException.class,
            () -> PinPolicy.refusingLastTry(CLI_ADVICE).promptFor(new PinStatus(JpkiPin.AUTH, 1)));
    assertEquals(
        "only 1 try of the auth PIN is left; a wrong entry would block the card, so it was not"
            + " sent (add --allow-last-try if you are sure of it)",
        auth.getMessage());
    assertEquals("only 1 try of the auth PIN is left", auth.summary());
    LastTryRefusedException sign =
        assertThrows(
            LastTryRefusedException.class,
            () -> PinPolicy.defaults().requireSendable(new PinStatus(JpkiPin.SIGN, 1)));
    assertEquals(
        "only 1 try of the signature password is left; a wrong entry would block the card, so"
            + " it was not sent (allow it explicitly to go on)",
        sign.getMessage());
    assertEquals("only 1 try of the signature password is left", sign.summary());
  }

  @Test
  void theBlockedRefusalSaysWhereToGo() {
    PinBlockedException e =
        assertThrows(
            PinBlockedException.class,
            () ->
                PinPolicy.defaults()
                    .allowingLastTry(true)
                    .promptFor(new PinStatus(JpkiPin.SIGN, 0)));
    assertEquals(
        "the signature password is blocked; to reset it, take the card and photo ID to your"
            + " municipal office",
        e.getMessage());
    assertEquals("the signature password is blocked", e.summary());
    assertEquals("the auth PIN is blocked", new PinBlockedException(JpkiPin.AUTH).summary());
  }

  @Test
  void aPolicyIsImmutableAndItsChoicesAreData() throws Exception {
    PinPolicy refusing = PinPolicy.refusingLastTry(CLI_ADVICE);
    assertFalse(refusing.allowsLastTry());
    assertFalse(PinPolicy.defaults().allowsLastTry());
    PinPolicy allowing = refusing.allowingLastTry(true);
    assertTrue(allowing.allowsLastTry());
    assertFalse(refusing.allowsLastTry(), "the original is unchanged");
    assertFalse(allowing.allowingLastTry(false).allowsLastTry());
    // the advice and the requester survive each change
    PinPolicy agent = refusing.askingFor("the jpki SSH agent").allowingLastTry(true);
    assertTrue(agent.allowsLastTry());
    assertEquals("the jpki SSH agent", agent.promptFor(new PinStatus(JpkiPin.AUTH, 3)).requester());
    LastTryRefusedException e =
        assertThrows(
            LastTryRefusedException.class,
            () ->
                agent
                    .allowingLastTry(false)
                    .askingFor("x")
                    .promptFor(new PinStatus(JpkiPin.AUTH, 1)));
    assertTrue(e.getMessage().endsWith("(" + CLI_ADVICE + ")"), e.getMessage());
    assertNull(agent.askingFor(null).promptFor(new PinStatus(JpkiPin.AUTH, 3)).requester());
    assertNull(agent.askingFor(" ").promptFor(new PinStatus(JpkiPin.AUTH, 3)).requester());
    assertNull(refusing.promptFor(new PinStatus(JpkiPin.AUTH, 3)).requester());
  }

  @Test
  void aRequesterThatNeverSpendsTheLastTrySaysSoAndCannotBeToldOtherwise() throws Exception {
    PinPolicy agent = PinPolicy.neverSpendingLastTry("the jpki SSH agent", "run the CLI");
    assertFalse(agent.allowsLastTry());
    LastTryRefusedException e =
        assertThrows(
            LastTryRefusedException.class, () -> agent.promptFor(new PinStatus(JpkiPin.AUTH, 1)));
    assertEquals(
        "only 1 try of the auth PIN is left; a wrong entry would block the card, so it was not"
            + " sent (the jpki SSH agent never spends the last try; run the CLI)",
        e.getMessage());
    assertEquals("only 1 try of the auth PIN is left", e.summary());
    assertEquals(
        "the jpki SSH agent never spends the last try",
        assertThrows(IllegalStateException.class, () -> agent.allowingLastTry(true)).getMessage());
    assertThrows(
        LastTryRefusedException.class,
        () -> agent.allowingLastTry(false).requireSendable(new PinStatus(JpkiPin.AUTH, 1)));
    assertEquals(
        "My Number Card: enter the auth PIN (4 digits) for the jpki SSH agent. 2 of 3 tries left.",
        agent.promptFor(new PinStatus(JpkiPin.AUTH, 2)).description());
    PinPolicy renamed = agent.askingFor("another agent");
    assertThrows(IllegalStateException.class, () -> renamed.allowingLastTry(true));
    assertTrue(
        assertThrows(
                LastTryRefusedException.class,
                () -> renamed.promptFor(new PinStatus(JpkiPin.SIGN, 1)))
            .getMessage()
            .endsWith("(another agent never spends the last try; run the CLI)"));
    assertThrows(IllegalArgumentException.class, () -> agent.askingFor(null));
    assertThrows(IllegalArgumentException.class, () -> agent.askingFor(" "));
    assertThrows(NullPointerException.class, () -> PinPolicy.neverSpendingLastTry(null, "x"));
    assertThrows(IllegalArgumentException.class, () -> PinPolicy.neverSpendingLastTry(" ", "x"));
    assertThrows(NullPointerException.class, () -> PinPolicy.neverSpendingLastTry("me", null));
    assertThrows(IllegalArgumentException.class, () -> PinPolicy.neverSpendingLastTry("me", ""));
  }

  @Test
  void aPolicyWithoutAdviceIsAMistake() {
    assertThrows(NullPointerException.class, () -> PinPolicy.refusingLastTry(null));
    assertThrows(IllegalArgumentException.class, () -> PinPolicy.refusingLastTry(""));
    assertThrows(IllegalArgumentException.class, () -> PinPolicy.refusingLastTry(" \t"));
  }

  // --- the words ---

  @Test
  void thePromptsSayTheFormatAndTheTriesLeft() throws Exception {
    PinPrompt auth = PinPolicy.defaults().promptFor(new PinStatus(JpkiPin.AUTH, 2));
    assertEquals(JpkiPin.AUTH, auth.pin());
    assertEquals("Auth PIN (4 digits, 2 of 3 tries left): ", auth.prompt());
    assertEquals(
        "My Number Card auth PIN (4 digits, 2 of 3 tries left): ", auth.promptNamingTheCard());
    assertEquals("Auth PIN:", auth.label());
    assertEquals(
        "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.", auth.description());
    assertNull(auth.error());
    PinPrompt sign = PinPolicy.defaults().promptFor(new PinStatus(JpkiPin.SIGN, 5));
    assertEquals(
        "Signature password (6-16 letters A-Z and digits, 5 of 5 tries left): ", sign.prompt());
    assertEquals(
        "My Number Card signature password (6-16 letters A-Z and digits, 5 of 5 tries left): ",
        sign.promptNamingTheCard());
    assertEquals("Signature password:", sign.label());
    assertEquals(
        "My Number Card: enter the signature password (6-16 letters A-Z and digits). 5 of 5 tries"
            + " left.",
        sign.description());
  }

  @Test
  void theLastTryIsAWarningInPlaceOfTheCounter() throws Exception {
    PinPolicy allowing = PinPolicy.defaults().allowingLastTry(true);
    PinPrompt auth = allowing.promptFor(new PinStatus(JpkiPin.AUTH, 1));
    assertTrue(auth.lastTry());
    assertEquals("Auth PIN (4 digits, LAST TRY: a wrong entry blocks it): ", auth.prompt());
    assertEquals(
        "My Number Card auth PIN (4 digits, LAST TRY: a wrong entry blocks it): ",
        auth.promptNamingTheCard());
    assertEquals(
        "My Number Card: enter the auth PIN (4 digits). 1 of 3 tries left.", auth.description());
    PinPrompt sign = allowing.promptFor(new PinStatus(JpkiPin.SIGN, 1));
    assertEquals(
        "Signature password (6-16 letters A-Z and digits, LAST TRY: a wrong entry blocks it): ",
        sign.prompt());
  }

  @Test
  void theRequesterIsNamedInTheDescription() throws Exception {
    PinPrompt p =
        PinPolicy.defaults()
            .askingFor("the jpki SSH agent")
            .promptFor(new PinStatus(JpkiPin.AUTH, 3));
    assertEquals(
        "My Number Card: enter the auth PIN (4 digits) for the jpki SSH agent. 3 of 3 tries left.",
        p.description());
    assertEquals("Auth PIN:", p.label());
  }

  @Test
  void thePreviousFailureIsShownAsASentence() throws Exception {
    PinPrompt first =
        PinPolicy.defaults().askingFor("me").promptFor(new PinStatus(JpkiPin.AUTH, 2));
    PinPrompt wrong = first.afterFailure(new WrongPinException(JpkiPin.AUTH, 2));
    assertEquals("Wrong PIN: 2 tries left", wrong.error());
    assertSame(first.status(), wrong.status());
    assertEquals("me", wrong.requester());
    assertNull(first.error(), "the first prompt is not changed");
    assertEquals(
        "Wrong PIN: 1 try left",
        first.afterFailure(new WrongPinException(JpkiPin.AUTH, 1)).error());
    PinFormatException malformed =
        assertThrows(PinFormatException.class, () -> JpkiPin.AUTH.encode("12x".toCharArray()));
    assertEquals(
        "The auth PIN is exactly 4 digits, got 3 characters; nothing was sent to the card",
        first.afterFailure(malformed).error());
    assertEquals("", first.afterFailure(new PinException(JpkiPin.AUTH, "") {}).error());
    assertNull(first.afterFailure(null).error());
  }

  @Test
  void aPromptNeedsACounter() {
    assertThrows(NullPointerException.class, () -> new PinPrompt(null, null, null));
  }
}
