package io.github.jpki4j.jpki;

import static io.github.jpki4j.jpki.JpkiCardTest.ATR_SHORT;
import static io.github.jpki4j.jpki.JpkiCardTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ScriptedTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session asks for a PIN by its policy: the counter is read (free) before the question, what
 * must not be sent is refused before anyone is asked, the answer's format is checked before the
 * card sees it, the counter is read again under exclusive access, one VERIFY, and the answer is
 * wiped whatever happened.
 */
class JpkiCardPinAskTest {
  private static final String SELECT_AUTH_PIN = "00A4020C020018";
  private static final String SELECT_SIGN_PIN = "00A4020C02001B";
  private static final String COUNTER = "00200080";
  private static final String VERIFY_1234 = "002000800431323334";

  /** A user who answers with the given PIN, keeping every prompt and every array handed out. */
  private static final class User implements PinAsker<RuntimeException> {
    final List<PinPrompt> prompts = new ArrayList<>();
    final List<char[]> answers = new ArrayList<>();
    private final String answer;

    User(String answer) {
      this.answer = answer;
    }

    @Override
    public char[] askPin(PinPrompt prompt) {
      prompts.add(prompt);
      char[] pin = answer.toCharArray();
      answers.add(pin);
      return pin;
    }

    void assertWiped() {
      assertEquals(1, answers.size());
      assertEquals("\0".repeat(answer.length()), new String(answers.get(0)), "not wiped");
    }
  }

  /** The caller's own way of saying "cancelled", passed through untouched. */
  private static final class Cancelled extends Exception {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void theCounterIsReadBeforeTheQuestionAndAgainBeforeTheOneVerify() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C2")
        .expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C2")
        .expect(VERIFY_1234, "9000");
    User user = new User("1234");
    card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults(), user);
    t.assertDone();
    assertTrue(t.verifiedUnderExclusive());
    assertEquals(1, user.prompts.size());
    assertEquals("Auth PIN (4 digits, 2 of 3 tries left): ", user.prompts.get(0).prompt());
    user.assertWiped();
  }

  @Test
  void aBlockedPinAndARefusedLastTryAreNeverAskedFor() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    User user = new User("1234");
    t.expect(SELECT_AUTH_PIN, "9000").expect(COUNTER, "63C0");
    assertThrows(
        PinBlockedException.class,
        () -> card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults().allowingLastTry(true), user));
    t.expect(SELECT_SIGN_PIN, "9000").expect(COUNTER, "63C1");
    LastTryRefusedException e =
        assertThrows(
            LastTryRefusedException.class,
            () -> card.verifyPin(JpkiPin.SIGN, PinPolicy.refusingLastTry("say so"), user));
    assertTrue(e.getMessage().endsWith("(say so)"), e.getMessage());
    t.assertDone();
    assertEquals(0, user.prompts.size(), "asked for a PIN that could not be sent");
  }

  @Test
  void theLastTryIsAskedForWithTheWarningWhenAllowed() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C1")
        .expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C1")
        .expect(VERIFY_1234, "9000");
    User user = new User("1234");
    card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults().allowingLastTry(true), user);
    t.assertDone();
    assertTrue(user.prompts.get(0).prompt().contains("LAST TRY"), user.prompts.get(0).prompt());
    user.assertWiped();
  }

  @Test
  void theAskersOwnFailureIsPassedOnAndNothingIsSent() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000").expect(COUNTER, "63C3");
    Cancelled cancelled = new Cancelled();
    PinAsker<Cancelled> asker =
        prompt -> {
          throw cancelled;
        };
    assertSame(
        cancelled,
        assertThrows(
            Cancelled.class, () -> card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults(), asker)));
    t.assertDone();
  }

  @Test
  void aMalformedAnswerNeverReachesTheCardAndIsWiped() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000").expect(COUNTER, "63C3");
    User user = new User("12x4");
    assertThrows(
        PinFormatException.class, () -> card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults(), user));
    t.assertDone(); // the counter only: no VERIFY with data
    user.assertWiped();
  }

  @Test
  void aWrongAnswerIsSentOnceAndWiped() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C3")
        .expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C3")
        .expect(VERIFY_1234, "63C2");
    User user = new User("1234");
    WrongPinException e =
        assertThrows(
            WrongPinException.class,
            () -> card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults(), user));
    assertEquals(2, e.triesLeft());
    t.assertDone();
    user.assertWiped();
  }

  @Test
  void aCounterThatFellWhileTheUserTypedIsDecidedAgain() throws Exception {
    // another program spent a try between the question and the VERIFY
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C2")
        .expect(SELECT_AUTH_PIN, "9000")
        .expect(COUNTER, "63C1");
    User user = new User("1234");
    LastTryRefusedException e =
        assertThrows(
            LastTryRefusedException.class,
            () -> card.verifyPin(JpkiPin.AUTH, PinPolicy.refusingLastTry("advice"), user));
    assertTrue(e.getMessage().endsWith("(advice)"), e.getMessage());
    t.assertDone();
    user.assertWiped();
  }

  @Test
  void aValueIsVerifiedByThePolicyGiven() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_PIN, "9000").expect(COUNTER, "63C1");
    LastTryRefusedException e =
        assertThrows(
            LastTryRefusedException.class,
            () ->
                card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), PinPolicy.refusingLastTry("x")));
    assertTrue(e.getMessage().endsWith("(x)"), e.getMessage());
    t.expect(SELECT_AUTH_PIN, "9000").expect(COUNTER, "63C1").expect(VERIFY_1234, "9000");
    card.verifyPin(
        JpkiPin.AUTH, "1234".toCharArray(), PinPolicy.refusingLastTry("x").allowingLastTry(true));
    t.assertDone();
  }
}
