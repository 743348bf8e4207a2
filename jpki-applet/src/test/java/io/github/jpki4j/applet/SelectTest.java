package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.Apdus.AID;
import static io.github.jpki4j.applet.Apdus.AUTH_PIN;
import static io.github.jpki4j.applet.Apdus.assertSw;
import static io.github.jpki4j.applet.Apdus.hex;
import static io.github.jpki4j.applet.Apdus.selectAp;
import static io.github.jpki4j.applet.Apdus.selectEf;
import static io.github.jpki4j.applet.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.VirtualCard;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SELECT forms (§1.2), OpenSC's foreign probes (§9.4), GET DATA and CLA/INS errors (§9.5). */
class SelectTest {
  /** Probes other drivers send before OpenSC's jpki driver gets its turn (§9.4 A), and others. */
  static final String[] FOREIGN_SELECTS = {
    "00A4040C0CA000000063504B43532D3135", // srbeid
    "00A4040007627601FF000000", // coolkey
    "00A4040006A00000000101", // muscle
    "00A404000BE82B0601040181C31F020100", // sc-hsm
    "00A4040009A0000003080000100000", // PIV
    "00A4040C07A000000116DB0000", // cac
    "00A4040C07A000000079100000", // cac
    "00A4040C07A000000079010000", // cac
    "00A4040C0CF276A288BCFBA69D34F31001", // isoApplet
    "00A4040009A0000003974254465900", // gids
    "00A4040006D2760001240100", // openpgp
    "00A4040C0AD3921000310001010408", // 券面事項入力補助AP
    "00A4040C0AD3921000310001010402", // 券面事項確認AP
    "00A4040C07A0000001510000", // GlobalPlatform ISD
    "00A4040C0BD392F00026010000000102", // the JPKI AID with a byte too many
  };

  private VirtualCard card;

  @BeforeEach
  void setUp() {
    card = Apdus.newCard();
  }

  @AfterEach
  void tearDown() {
    card.close();
  }

  @Test
  void selectWithP2_0C_returnsNothing() {
    selectAp(card);
    selectAp(card); // again: still 9000
  }

  @Test
  void selectWithP2_00_returnsFci() {
    ResponseAPDU r = send(card, "00A404000A" + AID + "00");
    assertSw(0x9000, r);
    assertEquals("6F0C840A" + AID, hex(r.getData()));
  }

  @Test
  void selectWithP2_00_withoutLe_returnsNothing() {
    ResponseAPDU r = send(card, "00A404000A" + AID);
    assertSw(0x9000, r);
    assertEquals(0, r.getData().length);
  }

  @Test
  void selectByPrefixOfTheAid() {
    // the ATR declares selection by partial DF name (§1.3), and the JCRE matches prefixes
    assertSw(0x9000, send(card, "00A4040C05D392F00026"));
    selectEf(card, 0x000A);
  }

  @Test
  void unsupportedSelectP2() {
    assertSw(0x6A86, send(card, "00A404040A" + AID)); // FCP
  }

  @Test
  void foreignSelectsRefusedBeforeAnyAppletIsSelected() {
    for (String apdu : FOREIGN_SELECTS) {
      assertSw(0x6A82, send(card, apdu));
    }
    // then the JPKI SELECT, as OpenSC sends it after 26-28 probes
    selectAp(card);
  }

  @Test
  void foreignSelectsRefusedWhileSelectedAndStateKept() {
    selectAp(card);
    assertSw(0x9000, Apdus.verify(card, 0x0018, AUTH_PIN));
    selectEf(card, 0x000A);
    for (String apdu : FOREIGN_SELECTS) {
      assertSw(0x6A82, send(card, apdu));
    }
    // still the JPKI AP, still on EF 000A, still verified
    ResponseAPDU header = send(card, "00B0000004");
    assertSw(0x9000, header);
    assertArrayEquals(
        java.util.Arrays.copyOf(Apdus.identity().authCertificateDer(), 4), header.getData());
    assertSw(0x9000, Apdus.sign(card, 0x0017, new byte[] {1, 2, 3}));
  }

  @Test
  void extendedSelectOfForeignAidRefused() {
    selectAp(card);
    assertSw(0x6A82, send(card, "00A4040C00000AA0000003080000100000"));
    assertSw(0x9000, send(card, "00A4040C00000A" + AID)); // extended form of the right one
  }

  @Test
  void getDataRefused() {
    // before the AP is selected (OpenSC's setcos and PIV probes) and after
    assertSw(0x6D00, send(card, "00CADF3005"));
    assertSw(0x6D00, send(card, "00CB3FFF035C017E00"));
    selectAp(card);
    assertSw(0x6D00, send(card, "00CADF3005"));
    assertSw(0x6D00, send(card, "00CB3FFF035C017E00"));
    assertSw(0x6D00, send(card, "00CA5F5100"));
  }

  @Test
  void nothingButSelectBeforeTheApIsSelected() {
    assertSw(0x6A82, send(card, "00A4020C02000A"));
    assertSw(0x6D00, send(card, "00B0000004"));
    assertSw(0x6D00, send(card, "00200080"));
  }

  @Test
  void selectEfForms() {
    selectAp(card);
    for (int fid : new int[] {1, 2, 6, 8, 0x0A, 0x0B, 0x17, 0x18, 0x1A, 0x1B}) {
      selectEf(card, fid);
    }
    assertSw(0x9000, send(card, "00A4000C02000A")); // P1=00 by file ID
    assertSw(0x9000, send(card, "00A40000")); // §1.2: 9000, no change
    assertSw(0x9000, send(card, "00B0000001"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "3F00", "0003", "0005", "0009", "0010", "0016", "0019", "001C", "1234", "2F00", "5015"
      })
  void unknownFilesNotFound(String fid) {
    selectAp(card);
    selectEf(card, 0x000B);
    assertSw(0x6A82, send(card, "00A4020C02" + fid));
    assertSw(0x6A82, send(card, "00A4000C02" + fid));
    assertSw(0x9000, send(card, "00B0000001")); // the current EF did not change
  }

  @Test
  void selectEfErrors() {
    selectAp(card);
    assertSw(0x6A86, send(card, "00A4020402000A")); // FCP requested
    assertSw(0x6700, send(card, "00A4020C0300000A"));
    assertSw(0x6A86, send(card, "00A4080C043F00000A")); // path
  }

  @Test
  void unknownInstructionsAndClasses() {
    selectAp(card);
    assertSw(0x6D00, send(card, "00C0000000")); // GET RESPONSE
    assertSw(0x6D00, send(card, "0024018004" + "31323334")); // CHANGE REFERENCE DATA
    assertSw(0x6D00, send(card, "00B1000004"));
    assertSw(0x6D00, send(card, "00A00000"));
    assertSw(0x6D00, send(card, "80B0000004"));
    assertSw(0x6D00, send(card, "80B8000000")); // jcardsim's card manager INS
    assertSw(0x6D00, send(card, "002A00800100"));
    assertSw(0x6E00, send(card, "90B0000004"));
    assertSw(0x6E00, send(card, "FFB0000004"));
    assertSw(0x6E00, send(card, "C0B0000004"));
    assertSw(0x6881, send(card, "01B0000004"));
    assertSw(0x6881, send(card, "81B0000004"));
    assertSw(0x6881, send(card, "41B0000004"));
    assertSw(0x6881, send(card, "0070000001")); // MANAGE CHANNEL open
    assertSw(0x6882, send(card, "0CB0000004"));
  }
}
