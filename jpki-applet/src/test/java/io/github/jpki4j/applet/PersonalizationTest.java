package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.Apdus.assertSw;
import static io.github.jpki4j.applet.Apdus.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.licel.jcardsim.base.SimulatorRuntime;
import com.licel.jcardsim.smartcardio.CardSimulator;
import io.github.jpki4j.sim.Personalizer;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.VirtualCard;
import java.util.List;
import javacard.framework.AID;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proprietary personalization commands and LOCK, on a bare jcardsim card. */
class PersonalizationTest {
  private CardSimulator sim;

  @BeforeEach
  void setUp() {
    sim = new CardSimulator(new SimulatorRuntime());
    byte[] aid = JpkiConstants.aid();
    sim.installApplet(new AID(aid, (short) 0, (byte) aid.length), JpkiApplet.class);
  }

  private ResponseAPDU send(String apdu) {
    return sim.transmitCommand(new CommandAPDU(hex(apdu)));
  }

  private ResponseAPDU send(CommandAPDU apdu) {
    return sim.transmitCommand(apdu);
  }

  @Test
  void jcardsimAnswers6999ToUnmatchedSelectWithNothingSelected() {
    // the reason VirtualCard maps it to 6A82 (a canary should jcardsim change)
    assertSw(0x6999, send("00A4040006A00000000101"));
  }

  @Test
  void beforeLockOnlyTheApSelectWorks() {
    assertSw(0x9000, send("00A4040C0A" + Apdus.AID));
    assertSw(0x6985, send("00A4020C02000A"));
    assertSw(0x6985, send("00B0000004"));
    assertSw(0x6985, send("00200080"));
    assertSw(0x6985, send("802A0080013000"));
    assertSw(0x6985, send("80E8000000".substring(0, 8))); // LOCK of an empty card
  }

  @Test
  void lockNeedsEverything() {
    List<CommandAPDU> all = Personalizer.commands(Apdus.identity(), PinState.defaults());
    for (CommandAPDU c : all.subList(0, all.size() - 3)) { // without the PINs
      assertSw(0x9000, send(c));
    }
    assertSw(0x6985, send("80E80000"));
    // the signature PIN may be missing (a holder under 15, SignlessCardTest); the auth PIN not
    assertSw(0x9000, send(all.get(all.size() - 2)));
    assertSw(0x6985, send("80E80000"));
    assertSw(0x9000, send(all.get(all.size() - 3)));
    assertSw(0x9000, send("80E80000"));
    assertSw(0x9000, send("00A4020C02000A"));
  }

  @Test
  void personalizationErrors() {
    assertSw(0x9000, send("00A4040C0A" + Apdus.AID));
    assertSw(0x6A82, send("80E000000400170010")); // not a transparent EF
    assertSw(0x6A82, send("80E000000400030010"));
    assertSw(0x6700, send("80E0000003000A00"));
    assertSw(0x6A80, send("80E0000004000A0000")); // size 0
    assertSw(0x6985, send("80E2000003000AFF")); // not created yet
    assertSw(0x9000, send("80E0000004000A0004"));
    assertSw(0x6700, send("80E2000007000A0102030405"));
    assertSw(0x6700, send("80E2000304000A0102")); // past the end
    assertSw(0x6A86, send("80E2800003000AFF"));
    assertSw(0x6700, send(new CommandAPDU(0x80, 0xE4, 0x17, 0x01, new byte[127])));
    assertSw(0x6A86, send(new CommandAPDU(0x80, 0xE4, 0x17, 0x06, new byte[128])));
    assertSw(0x6A86, send(new CommandAPDU(0x80, 0xE4, 0x18, 0x01, new byte[128])));
    assertSw(0x6A80, send("80E6180006" + "00003132333F")); // max 0
    assertSw(0x6A80, send("80E6180006" + "03043132333F")); // left > max
    assertSw(0x6700, send("80E61800020303"));
    assertSw(0x6A86, send("80E6170006" + "03033132333F"));
    assertSw(0x6D00, send("80E1000000"));
  }

  @Test
  void extendedWritesWork() {
    assertSw(0x9000, send("00A4040C0A" + Apdus.AID));
    byte[] cert = Apdus.identity().authCertificateDer();
    assertSw(
        0x9000,
        send(
            new CommandAPDU(
                0x80,
                0xE0,
                0,
                0,
                new byte[] {0, 0x0A, (byte) (cert.length >> 8), (byte) cert.length})));
    byte[] data = new byte[cert.length + 2];
    data[1] = 0x0A;
    System.arraycopy(cert, 0, data, 2, cert.length);
    assertSw(0x9000, send(new CommandAPDU(0x80, 0xE2, 0, 0, data))); // one extended APDU
    List<CommandAPDU> all = Personalizer.commands(Apdus.identity(), PinState.defaults());
    for (CommandAPDU c : all) {
      if (c.getINS() == 0xE0 || c.getINS() == 0xE2) {
        byte[] d = c.getData();
        if (d[1] == 0x0A) {
          continue; // done above
        }
      }
      assertSw(0x9000, send(c));
    }
    assertSw(0x9000, send("00A4020C02000A"));
    assertArrayEquals(cert, send("00B00000000000").getData());
  }

  @Test
  void afterLockPersonalizationIsGone() {
    try (VirtualCard card = Apdus.newCard()) {
      Apdus.selectAp(card);
      for (int ins = 0xE0; ins <= 0xE8; ins++) {
        assertSw(0x6D00, Apdus.send(card, String.format("80%02X00000400060001", ins)));
        assertSw(0x6D00, Apdus.send(card, String.format("80%02X0000", ins)));
      }
      assertSw(0x6D00, Apdus.send(card, "80E6180006" + "03033132333F"));
      assertEquals(3, Apdus.triesLeft(card, 0x0018));
    }
  }

  @Test
  void personalizedCountersAreRestored() {
    PinState pins = new PinState("4321", 1, "PASSWORD7", 0);
    try (VirtualCard card = VirtualCard.create(Apdus.identity(), pins)) {
      Apdus.selectAp(card);
      assertEquals(1, Apdus.triesLeft(card, 0x0018));
      assertEquals(0, Apdus.triesLeft(card, 0x001B));
      assertSw(0x6984, Apdus.send(card, Apdus.verifyCommand("PASSWORD7")));
      assertSw(0x9000, Apdus.verify(card, 0x0018, "4321"));
      assertEquals(3, Apdus.triesLeft(card, 0x0018));
    }
  }
}
