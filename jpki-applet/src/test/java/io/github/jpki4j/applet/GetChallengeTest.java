package io.github.jpki4j.applet;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET CHALLENGE {@code 00 84 00 00 Le} (§6), what OpenSC's C_GenerateRandom sends. */
@Timeout(value = 60, unit = SECONDS)
class GetChallengeTest {
  private RawCard card;

  @BeforeEach
  void setUp() {
    card = RawCard.withOptions(0);
  }

  private byte[] challenge(int le) {
    ResponseAPDU r = card.send(new CommandAPDU(0x00, 0x84, 0x00, 0x00, le));
    assertEquals(0x9000, r.getSW(), "Le " + le);
    return r.getData();
  }

  @Test
  void constant() {
    assertEquals((byte) 0x84, JpkiConstants.INS_GET_CHALLENGE);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 8, 16, 255, 256})
  void answersExactlyLeBytes(int le) {
    assertEquals(le, challenge(le).length);
  }

  @Test
  void leZeroMeans256() {
    ResponseAPDU r = card.send("0084000000");
    assertEquals(0x9000, r.getSW());
    assertEquals(256, r.getData().length);
    ResponseAPDU one = card.send("0084000001");
    assertEquals(0x9000, one.getSW());
    assertEquals(1, one.getData().length);
    ResponseAPDU eight = card.send("0084000008");
    assertEquals(0x9000, eight.getSW());
    assertEquals(8, eight.getData().length);
  }

  @Test
  void challengesDiffer() {
    byte[] a = challenge(8);
    byte[] b = challenge(8);
    assertFalse(Arrays.equals(a, b), "two 8-byte challenges are equal");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(java.util.HexFormat.of().formatHex(challenge(8)));
    }
    assertEquals(50, seen.size(), "50 challenges, all different");
  }

  @Test
  void looksRandom() {
    byte[] r = challenge(256);
    Set<Byte> distinct = new HashSet<>();
    for (byte b : r) {
      distinct.add(b);
    }
    // 256 uniform bytes show about 162 distinct values; a constant or a counter would not pass
    assertTrue(distinct.size() > 100, "only " + distinct.size() + " distinct byte values");
    assertFalse(Arrays.equals(Arrays.copyOf(r, 128), Arrays.copyOfRange(r, 128, 256)));
  }

  @Test
  void extendedLeAnswers6985() {
    assertEquals("6985", card.sw("00840000000008"));
    assertEquals("6985", card.sw("00840000000100"));
    assertEquals("6985", card.sw("00840000000000"), "extended Le 0000 (65536)");
    assertEquals("6985", card.sw(new CommandAPDU(0x00, 0x84, 0x00, 0x00, 300)));
  }

  @Test
  void noLeAnswers6700() {
    assertEquals("6700", card.sw("00840000"));
  }

  @Test
  void aDataFieldAnswers6700() {
    assertEquals("6700", card.sw("008400000108"), "case 3");
    assertEquals("6700", card.sw("00840000010800"), "case 4");
    assertEquals("6700", card.sw("0084000000000108"), "extended case 3");
  }

  @Test
  void parametersMustBeZero() {
    assertEquals("6A86", card.sw("0084010008"));
    assertEquals("6A86", card.sw("0084000108"));
    assertEquals("6A86", card.sw("0084808000"));
  }

  @Test
  void onlyWithClass00() {
    assertEquals("6D00", card.sw("8084000008"));
  }

  @Test
  void refusedBeforeLock() {
    RawCard blank = new RawCard();
    blank.selectAp();
    assertEquals("6985", blank.sw("0084000008"));
    RawCard almost = new RawCard();
    var commands = RawCard.standardCommands();
    almost.personalize(commands.subList(0, commands.size() - 1));
    assertEquals("6985", almost.sw("0084000008"));
  }

  @Test
  void leavesTheCardStateAlone() {
    assertEquals("9000", card.verify(0x0018, "1234"));
    card.selectEf(0x000A);
    challenge(32);
    assertEquals("9000", card.sw("00B0000001"), "current EF kept");
    assertEquals("9000", card.sign(0x0017), "verified state kept");
  }
}
