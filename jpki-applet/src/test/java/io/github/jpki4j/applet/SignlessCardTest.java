package io.github.jpki4j.applet;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.Personalizer;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.Quirk;
import io.github.jpki4j.sim.TestIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The card of a holder under 15 (§11): no signature certificate EF 0001 and no signature key 001A,
 * and maybe no signature PIN 001B or CA certificate 0002 either. LOCK accepts any part of the
 * signature side missing, but not a partly loaded key, nor anything else missing.
 */
@Timeout(value = 60, unit = SECONDS)
class SignlessCardTest {
  private static List<CommandAPDU> signless() {
    return RawCard.withoutSignKey(RawCard.withoutSignCert(RawCard.standardCommands()));
  }

  private static RawCard signlessCard() {
    RawCard card = RawCard.personalized(signless());
    card.selectAp();
    return card;
  }

  /** Personalizes everything but LOCK, then answers LOCK's status word. */
  private static String lockAnswer(List<CommandAPDU> commands) {
    RawCard card = new RawCard();
    card.personalize(commands.subList(0, commands.size() - 1));
    return card.sw(commands.get(commands.size() - 1));
  }

  @Test
  void lockAcceptsACardWithoutTheSignaturePair() {
    assertEquals("9000", lockAnswer(signless()));
  }

  @Test
  void lockAcceptsEachPartOfTheSignatureSideMissing() {
    for (CardProfile profile : CardProfile.eachWithoutSignatureKeyPair()) {
      assertEquals(
          "9000",
          lockAnswer(
              new ArrayList<>(
                  Personalizer.commands(
                      TestIdentity.defaultIdentity(), PinState.defaults(), profile))),
          profile.toString());
    }
  }

  @Test
  void eachMissingPartIsNotFound() {
    for (CardProfile profile : CardProfile.eachWithoutSignatureKeyPair()) {
      RawCard card =
          RawCard.personalized(
              Personalizer.commands(TestIdentity.defaultIdentity(), PinState.defaults(), profile));
      card.selectAp();
      String what = profile.toString();
      assertEquals(profile.has(Quirk.NO_SIGN_CERT) ? "6A82" : "9000", card.sw("00A4020C020001"));
      assertEquals(profile.has(Quirk.NO_SIGN_CA) ? "6A82" : "9000", card.sw("00A4020C020002"));
      assertEquals(profile.has(Quirk.NO_SIGN_KEY) ? "6A82" : "9000", card.sw("00A4020C02001A"));
      assertEquals(profile.has(Quirk.NO_SIGN_PIN) ? "6A82" : "9000", card.sw("00A4020C02001B"));
      if (profile.has(Quirk.SIGN_PIN_6A88)) {
        assertEquals("6A88", card.sw("00200080"), what + ": the PIN's counter");
        assertEquals("6A88", card.sw("0020008006414243313233"), what + ": a VERIFY");
      }
      if (!profile.personalizesSignPin()) {
        assertEquals("6A88", card.sw("0020009B"), what + ": the counter by SFI");
      } else {
        assertEquals("63C5", card.sw("0020009B"), what);
      }
      assertEquals("9000", card.verify(0x0018, "1234"), what + ": the auth side works");
      assertEquals("9000", card.sign(0x0017), what);
    }
  }

  @Test
  void lockRefusesAPartlyLoadedSignatureKey() {
    List<CommandAPDU> commands = RawCard.withoutSignCert(RawCard.standardCommands());
    // keep only the first of the five parts of key 1A
    boolean first = true;
    for (int i = 0; i < commands.size(); i++) {
      CommandAPDU c = commands.get(i);
      if (c.getINS() == (JpkiConstants.INS_PERSO_PUT_KEY & 0xFF)
          && c.getP1() == JpkiConstants.EF_SIGN_KEY) {
        if (first) {
          first = false;
        } else {
          commands.remove(i--);
        }
      }
    }
    assertEquals("6985", lockAnswer(commands));
  }

  @Test
  void aRefusedLockLeavesTheCardOpen() {
    List<CommandAPDU> half = RawCard.standardCommands();
    // the first part of key 1A only
    boolean first = true;
    for (int i = 0; i < half.size(); i++) {
      CommandAPDU c = half.get(i);
      if (c.getINS() == (JpkiConstants.INS_PERSO_PUT_KEY & 0xFF)
          && c.getP1() == JpkiConstants.EF_SIGN_KEY) {
        if (first) {
          first = false;
        } else {
          half.remove(i--);
        }
      }
    }
    RawCard card = new RawCard();
    card.personalize(half.subList(0, half.size() - 1));
    assertEquals("6985", card.sw("80E80000"));
    assertEquals("6985", card.sw("00A4020C02000A"), "JPKI commands still wait for LOCK");
    // loading the missing parts then completes the card
    List<CommandAPDU> full = RawCard.standardCommands();
    for (CommandAPDU c : full) {
      if (c.getINS() == (JpkiConstants.INS_PERSO_PUT_KEY & 0xFF)
          && c.getP1() == JpkiConstants.EF_SIGN_KEY) {
        assertEquals("9000", card.sw(c));
      }
    }
    assertEquals("9000", card.sw("80E80000"));
    assertEquals("9000", card.sw("00A4020C02001A"));
  }

  @Test
  void lockStillNeedsEverythingElse() {
    List<CommandAPDU> base = signless();
    // drop, one at a time, the CREATE of each other EF, the auth key, and each PIN
    int checked = 0;
    for (int i = 0; i < base.size() - 1; i++) {
      CommandAPDU c = base.get(i);
      int ins = c.getINS();
      boolean create = ins == (JpkiConstants.INS_PERSO_CREATE_EF & 0xFF);
      boolean authKeyPart = ins == (JpkiConstants.INS_PERSO_PUT_KEY & 0xFF) && c.getP2() == 1;
      boolean pin = ins == (JpkiConstants.INS_PERSO_SET_PIN & 0xFF);
      if (!create && !authKeyPart && !pin) {
        continue;
      }
      if ((create && c.getData()[1] == JpkiConstants.EF_SIGN_CA_CERT)
          || (pin && c.getP1() == JpkiConstants.EF_SIGN_PIN)) {
        continue; // the signature side: may be missing (above)
      }
      List<CommandAPDU> without = new java.util.ArrayList<>(base);
      without.remove(i);
      if (create) {
        // and its writes, which would fail without it
        byte fid = c.getData()[1];
        without.removeIf(
            w -> w.getINS() == (JpkiConstants.INS_PERSO_WRITE_EF & 0xFF) && w.getData()[1] == fid);
      }
      assertEquals(
          "6985",
          lockAnswer(without),
          String.format(
              "without %02X %02X %02X", ins, c.getP1(), create ? c.getData()[1] : c.getP2()));
      checked++;
    }
    // EF 0006, 0008, 000A, 000B; key 0017; PIN 0018
    assertEquals(6, checked);
  }

  @Test
  void theMissingFilesAreNotFound() {
    RawCard card = signlessCard();
    card.selectEf(0x000B);
    assertEquals("6A82", card.sw("00A4020C020001"));
    assertEquals("6A82", card.sw("00A4020C02001A"));
    assertEquals("6A82", card.sw("00A4000C020001"), "P1=00 as well");
    assertEquals("6A82", card.sw("00A4000C02001A"));
    assertEquals("9000", card.sw("00B0000001"), "the current EF did not change");
    assertEquals("6A82", card.sw("00B0810004"), "READ BINARY by SFI 01");
    assertEquals("6A82", card.sw("00B09A0004"), "READ BINARY by SFI 1A");
    // even with the signature PIN verified
    assertEquals("9000", card.verify(0x001B, "ABC123"));
    assertEquals("6A82", card.sw("00B0810004"));
    assertEquals("6A82", card.sw("00A4020C020001"));
  }

  @Test
  void theSignatureKeyIsAnUnknownReference() {
    RawCard card = signlessCard();
    assertEquals("9000", card.verify(0x001B, "ABC123"));
    assertEquals("6A88", card.sw("802A009A0301020300"), "COMPUTE DIGITAL SIGNATURE, P2=9A");
    assertEquals("6A88", card.sw("0020009A"), "empty VERIFY, P2=9A");
    assertEquals("6A88", card.sw("0020009A06414243313233"), "VERIFY, P2=9A");
    assertEquals("6A88", card.sw("00200081"), "VERIFY, P2=81");
  }

  @Test
  void everythingElseWorks() {
    RawCard card = signlessCard();
    TestIdentity id = TestIdentity.defaultIdentity();
    card.selectEf(0x0002);
    ResponseAPDU head = card.send("00B0000004");
    assertEquals(0x9000, head.getSW());
    assertArrayEquals(Arrays.copyOf(id.signCaCertificateDer(), 4), head.getData());
    for (int fid : new int[] {0x06, 0x08, 0x0A, 0x0B, 0x17, 0x18, 0x1B}) {
      card.selectEf(fid);
    }
    assertEquals("63C5", card.emptyVerify(0x001B));
    assertEquals("9000", card.verify(0x001B, "ABC123"), "the signature PIN stays");
    assertEquals("9000", card.verify(0x0018, "1234"));
    assertEquals("9000", card.sign(0x0017));
    assertEquals("9000", card.sw("802A00970301020300"), "auth key by SFI");
    assertEquals("6D00", card.sw("80E80000"), "locked");
  }

  @Test
  void aFullCardStillHasBoth() {
    RawCard card = RawCard.withOptions(0);
    card.selectEf(0x0001);
    card.selectEf(0x001A);
    assertEquals("6982", card.sw("00B0810004"), "EF 0001 by SFI: exists, needs the PIN");
    assertEquals("6982", card.sw("802A009A0301020300"), "key 1A by SFI: exists, needs the PIN");
    assertEquals("6981", card.sw("00B09A0004"), "READ BINARY of a key");
  }
}
