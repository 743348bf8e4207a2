package io.github.jpki4j.applet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** Raw-APDU helpers for the applet tests (all through a {@link VirtualCard}). */
final class Apdus {
  static final String AID = "D392F000260100000001";
  static final String AUTH_PIN = "1234";
  static final String SIGN_PIN = "ABC123";

  private Apdus() {}

  static TestIdentity identity() {
    return TestIdentity.defaultIdentity();
  }

  static VirtualCard newCard() {
    return VirtualCard.create(identity());
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  static String hex(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  static ResponseAPDU send(VirtualCard card, String hexCommand) {
    return new ResponseAPDU(card.transmit(hex(hexCommand)));
  }

  static ResponseAPDU send(VirtualCard card, CommandAPDU command) {
    return card.transmit(command);
  }

  static void assertSw(int expected, ResponseAPDU response) {
    assertEquals(
        String.format("%04X", expected), String.format("%04X", response.getSW()), "status word");
  }

  static void selectAp(VirtualCard card) {
    ResponseAPDU r = send(card, "00A4040C0A" + AID);
    assertSw(0x9000, r);
    assertEquals(0, r.getData().length);
  }

  static void selectEf(VirtualCard card, int fid) {
    assertSw(0x9000, send(card, String.format("00A4020C02%04X", fid)));
  }

  static CommandAPDU verifyCommand(String pin) {
    return new CommandAPDU(
        0x00, 0x20, 0x00, 0x80, pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** SELECT the PIN IEF, then VERIFY; returns the VERIFY response. */
  static ResponseAPDU verify(VirtualCard card, int pinEf, String pin) {
    selectEf(card, pinEf);
    return send(card, verifyCommand(pin));
  }

  /** SELECT the PIN IEF, then the empty VERIFY. */
  static int triesLeft(VirtualCard card, int pinEf) {
    selectEf(card, pinEf);
    ResponseAPDU r = send(card, "00200080");
    assertEquals(0x63C0, r.getSW() & 0xFFF0, "empty VERIFY answers 63Cx");
    return r.getSW() & 0x0F;
  }

  /** SELECT the key IEF, then COMPUTE DIGITAL SIGNATURE with Le 00. */
  static ResponseAPDU sign(VirtualCard card, int keyEf, byte[] data) {
    selectEf(card, keyEf);
    return send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, data, 256));
  }
}
