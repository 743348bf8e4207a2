package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.Apdus.AUTH_PIN;
import static io.github.jpki4j.applet.Apdus.SIGN_PIN;
import static io.github.jpki4j.applet.Apdus.assertSw;
import static io.github.jpki4j.applet.Apdus.selectAp;
import static io.github.jpki4j.applet.Apdus.selectEf;
import static io.github.jpki4j.applet.Apdus.send;
import static io.github.jpki4j.applet.Apdus.sign;
import static io.github.jpki4j.applet.Apdus.triesLeft;
import static io.github.jpki4j.applet.Apdus.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.VirtualCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VERIFY (§4): the free counter query, counting down, blocking, and the verified state. */
class VerifyTest {
  private static final byte[] DATA = {1, 2, 3};
  private VirtualCard card;

  @BeforeEach
  void setUp() {
    card = Apdus.newCard();
    selectAp(card);
  }

  @AfterEach
  void tearDown() {
    card.close();
  }

  @Test
  void emptyVerifyReportsTheCounters() {
    // OpenSC's bind sequence (§9.4 B)
    selectEf(card, 0x0018);
    assertSw(0x63C3, send(card, "00200080"));
    selectEf(card, 0x001B);
    assertSw(0x63C5, send(card, "00200080"));
  }

  @Test
  void emptyVerifyStaysAt63CxWhenVerified() {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    assertSw(0x63C3, send(card, "00200080"));
    assertSw(0x9000, verify(card, 0x001B, SIGN_PIN));
    assertSw(0x63C5, send(card, "00200080"));
  }

  @Test
  void authPinCountsDownAndBlocks() {
    assertSw(0x63C2, verify(card, 0x0018, "0000"));
    assertSw(0x63C2, send(card, "00200080"));
    assertSw(0x63C1, send(card, Apdus.verifyCommand("9999")));
    assertSw(0x63C0, send(card, Apdus.verifyCommand("1235"))); // the last try
    assertSw(0x6984, send(card, Apdus.verifyCommand("0000")));
    assertSw(0x6984, send(card, Apdus.verifyCommand(AUTH_PIN))); // blocked: not even compared
    assertSw(0x63C0, send(card, "00200080"));
    assertSw(0x6982, sign(card, 0x0017, DATA));
    assertEquals(5, triesLeft(card, 0x001B), "the other PIN is untouched");
    card.reset();
    selectAp(card);
    assertEquals(0, triesLeft(card, 0x0018), "blocked is persistent card memory");
  }

  @Test
  void signPinCountsDownAndBlocksAfterFive() {
    selectEf(card, 0x001B);
    for (int left = 4; left >= 0; left--) {
      assertSw(0x63C0 | left, send(card, Apdus.verifyCommand("WRONG1")));
    }
    assertSw(0x6984, send(card, Apdus.verifyCommand(SIGN_PIN)));
    assertSw(0x63C0, send(card, "00200080"));
    selectEf(card, 0x0001);
    assertSw(0x6982, send(card, "00B0000004"));
  }

  @Test
  void successResetsTheCounter() {
    assertSw(0x63C2, verify(card, 0x0018, "1111"));
    assertSw(0x63C1, send(card, Apdus.verifyCommand("2222")));
    assertSw(0x9000, send(card, Apdus.verifyCommand(AUTH_PIN)));
    assertSw(0x63C3, send(card, "00200080"));
    assertSw(0x63C4, verify(card, 0x001B, "abc123")); // the card compares bytes: no case folding
    assertSw(0x9000, send(card, Apdus.verifyCommand(SIGN_PIN)));
    assertSw(0x63C5, send(card, "00200080"));
  }

  @Test
  void pinsOfOtherLengthsAreWrong() {
    assertSw(0x63C2, verify(card, 0x0018, "123"));
    assertSw(0x63C1, send(card, Apdus.verifyCommand("12345")));
    assertSw(0x9000, send(card, Apdus.verifyCommand(AUTH_PIN)));
    assertSw(0x63C4, verify(card, 0x001B, "ABC1234"));
  }

  @Test
  void tooLongPinCostsNoTry() {
    assertSw(0x6700, verify(card, 0x001B, "ABCDEFGHIJKLMNOPQ")); // 17
    assertSw(0x63C5, send(card, "00200080"));
  }

  @Test
  void verifiedStateSurvivesSelectsButNotPowerLoss() {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    selectEf(card, 0x000A);
    selectEf(card, 0x001B);
    assertSw(0x9000, sign(card, 0x0017, DATA));
    // re-SELECT of the AP: only unpowering clears the security status (§4, §10.6)
    selectAp(card);
    send(card, "00A4040C07A0000000791000");
    assertSw(0x9000, sign(card, 0x0017, DATA));
    card.powerOff();
    card.powerOn();
    selectAp(card);
    assertSw(0x6982, sign(card, 0x0017, DATA));
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    card.reset();
    selectAp(card);
    assertSw(0x6982, sign(card, 0x0017, DATA));
  }

  @Test
  void reselectingTheApForgetsTheCurrentEf() {
    selectEf(card, 0x0018);
    selectAp(card);
    assertSw(0x6986, send(card, "00200080"));
  }

  @Test
  void failedVerifyClearsTheVerifiedState() {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    assertSw(0x63C2, send(card, Apdus.verifyCommand("0000")));
    assertSw(0x6982, sign(card, 0x0017, DATA));
  }

  @Test
  void verifyNeedsAPinFile() {
    assertSw(0x6986, send(card, "00200080"));
    assertSw(0x6986, send(card, "002000800431323334"));
    for (int fid : new int[] {0x0A, 0x17, 0x1A, 0x06}) {
      selectEf(card, fid);
      assertSw(0x6986, send(card, "002000800431323334"));
    }
    assertSw(0x6A88, send(card, "002000970431323334")); // SFI of a key, not a PIN
  }

  @Test
  void verifyParameterErrors() {
    selectEf(card, 0x0018);
    assertSw(0x6A86, send(card, "002001800431323334"));
    assertSw(0x6A86, send(card, "002000000431323334"));
    assertSw(0x6A86, send(card, "002000010431323334"));
    assertEquals(0x63C3, send(card, "00200080").getSW(), "no try spent");
  }

  @Test
  void verifyBySfi() {
    assertSw(0x63C3, send(card, "00200098"));
    assertSw(0x63C5, send(card, "0020009B"));
    assertSw(0x9000, send(card, "002000980431323334"));
    assertSw(0x9000, sign(card, 0x0017, DATA));
  }
}
