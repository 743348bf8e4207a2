package io.github.jpki4j.simtest;

import static io.github.jpki4j.simtest.JpkiProcess.jpki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.TestProcess.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PIN rules, each step in a new process on one persistent simulated card, so the counter must
 * survive like a real card's.
 */
class PinSafetyTest {
  private static void assertStatus(Path card, String auth, String sign) throws Exception {
    Result r = jpki(card, null, "pin", "status");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("auth: " + auth), r.out());
    assertTrue(r.out().contains("sign: " + sign), r.out());
  }

  @Test
  void theAuthPinFromFirstWrongEntryToBlocked(@TempDir Path tmp) throws Exception {
    Path card = tmp.resolve("card");
    assertStatus(card, "3 of 3 tries left", "5 of 5 tries left");

    // malformed PINs never reach the card
    for (String bad : new String[] {"12a4", "123", "12345"}) {
      Result r = jpki(card, bad + "\n", "pin", "verify", "--pin-stdin");
      assertEquals(7, r.exit(), r.toString());
      assertTrue(r.err().contains("nothing was sent to the card"), r.err());
    }
    Result badSign = jpki(card, "AB-12\n", "pin", "verify", "sign", "--pin-stdin");
    assertEquals(7, badSign.exit(), badSign.toString());
    assertStatus(card, "3 of 3 tries left", "5 of 5 tries left");

    Result w1 = jpki(card, "0000\n", "pin", "verify", "--pin-stdin");
    assertEquals(5, w1.exit(), w1.toString());
    assertEquals("jpki: wrong auth PIN: 2 tries left\n", w1.err());
    assertStatus(card, "2 of 3 tries left", "5 of 5 tries left");

    Result w2 = jpki(card, "0000\n", "pin", "verify", "--pin-stdin", "-v");
    assertEquals(5, w2.exit(), w2.toString());
    assertTrue(w2.err().contains("PIN bytes masked"), w2.err());
    assertFalse(w2.err().contains("30303030"), "the -v trace shows no PIN");
    assertTrue(w2.err().contains("one more wrong entry blocks it"), w2.err());
    assertStatus(card, "1 of 3 tries left", "5 of 5 tries left");

    // the last try is refused before the PIN is even read, and costs nothing
    Result last = jpki(card, "0000\n", "pin", "verify", "--pin-stdin");
    assertEquals(7, last.exit(), last.toString());
    assertTrue(last.err().contains("--allow-last-try"), last.err());
    assertStatus(card, "1 of 3 tries left", "5 of 5 tries left");
    Result sign =
        jpki(
            card,
            "1234\n",
            "sign",
            "-n",
            "file",
            "--pin-stdin",
            tmp.resolve("card").resolve("state.properties").toString());
    assertEquals(7, sign.exit(), "sign obeys the same rule: " + sign);

    Result blocked = jpki(card, "0000\n", "pin", "verify", "--pin-stdin", "--allow-last-try");
    assertEquals(6, blocked.exit(), blocked.toString());
    assertTrue(
        blocked.err().contains("blocked") && blocked.err().contains("municipal office"),
        blocked.err());
    assertStatus(card, "blocked", "5 of 5 tries left");

    // blocked stays blocked, in a new process, even with the right PIN
    Result right = jpki(card, "1234\n", "pin", "verify", "--pin-stdin", "--allow-last-try");
    assertEquals(6, right.exit(), right.toString());
    assertStatus(card, "blocked", "5 of 5 tries left");
  }

  @Test
  void aCorrectPinResetsTheCounter(@TempDir Path tmp) throws Exception {
    Path card = tmp.resolve("card");
    assertEquals(5, jpki(card, "WRONG1\n", "pin", "verify", "sign", "--pin-stdin").exit());
    assertStatus(card, "3 of 3 tries left", "4 of 5 tries left");
    Result ok = jpki(card, "ABC123\n", "pin", "verify", "sign", "--pin-stdin");
    assertEquals(0, ok.exit(), ok.toString());
    assertStatus(card, "3 of 3 tries left", "5 of 5 tries left");
  }
}
