package io.github.jpki4j.applet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.base.SimulatorRuntime;
import com.licel.jcardsim.smartcardio.CardSimulator;
import io.github.jpki4j.sim.Personalizer;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javacard.framework.AID;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A bare jcardsim card (T=1) with {@link JpkiApplet} installed under the JPKI AID, personalized by
 * an explicit list of commands. It does not use {@code io.github.jpki4j.sim.VirtualCard}, so the
 * tests built on it see exactly what the applet answers, with no host wrapper in between.
 */
final class RawCard {
  static final String AID = HexFormat.of().withUpperCase().formatHex(JpkiConstants.aid());
  private final SimulatorRuntime runtime = new SimulatorRuntime();
  private final CardSimulator sim = new CardSimulator(runtime);
  private final AID aid;

  /** Installed, not personalized. */
  RawCard() {
    sim.changeProtocol("T=1");
    byte[] a = JpkiConstants.aid();
    aid = new AID(a, (short) 0, (byte) a.length);
    sim.installApplet(aid, JpkiApplet.class);
  }

  /** Installed, personalized with {@code commands} (each must answer 9000), then reset. */
  static RawCard personalized(List<CommandAPDU> commands) {
    RawCard card = new RawCard();
    card.personalize(commands);
    card.reset();
    return card;
  }

  /** The default identity, default PINs, the given options (none if 0), locked and selected. */
  static RawCard withOptions(int options) {
    RawCard card =
        personalized(options == 0 ? standardCommands() : withOptions(standardCommands(), options));
    card.selectAp();
    return card;
  }

  /** Sends every command and fails the test unless each answers 9000. */
  void personalize(List<CommandAPDU> commands) {
    for (int i = 0; i < commands.size(); i++) {
      CommandAPDU c = commands.get(i);
      int sw = send(c).getSW();
      assertEquals(
          0x9000,
          sw,
          String.format(
              "personalization command %d (%02X %02X %02X %02X)" + " answered %04X",
              i, c.getCLA(), c.getINS(), c.getP1(), c.getP2(), sw));
    }
  }

  /** The applet instance, for its host accessors. */
  JpkiApplet applet() {
    return (JpkiApplet) runtime.lookupApplet(aid).getApplet();
  }

  /** A card reset (warm or cold: jcardsim does not tell them apart); nothing is selected. */
  void reset() {
    sim.reset();
  }

  ResponseAPDU send(CommandAPDU command) {
    return sim.transmitCommand(command);
  }

  ResponseAPDU send(String hexCommand) {
    return send(new CommandAPDU(hex(hexCommand)));
  }

  /** The status word of a command, as four upper-case hex digits (readable assertion output). */
  String sw(String hexCommand) {
    return String.format("%04X", send(hexCommand).getSW());
  }

  String sw(CommandAPDU command) {
    return String.format("%04X", send(command).getSW());
  }

  void selectAp() {
    assertEquals("9000", sw("00A4040C0A" + AID), "SELECT of the JPKI AP");
  }

  void selectEf(int fid) {
    assertEquals(
        "9000", sw(String.format("00A4020C02%04X", fid)), String.format("SELECT EF %04X", fid));
  }

  /** SELECT the PIN IEF, then VERIFY with data; the VERIFY's status word. */
  String verify(int pinEf, String pin) {
    selectEf(pinEf);
    return sw(verifyCommand(pin));
  }

  /** {@code 00 20 00 80 Lc <ASCII PIN>} on the current EF. */
  static CommandAPDU verifyCommand(String pin) {
    return new CommandAPDU(0x00, 0x20, 0x00, 0x80, pin.getBytes(StandardCharsets.US_ASCII));
  }

  /** SELECT the PIN IEF, then the empty VERIFY; its status word. */
  String emptyVerify(int pinEf) {
    selectEf(pinEf);
    return sw("00200080");
  }

  /** SELECT the key IEF, then COMPUTE DIGITAL SIGNATURE of 3 bytes with Le 00; the SW. */
  String sign(int keyEf) {
    selectEf(keyEf);
    return sw(new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[] {1, 2, 3}, 256));
  }

  // ---- personalization sequences --------------------------------------------------------------

  /** {@link Personalizer#commands} for the default identity and PINs: SELECT … LOCK. */
  static List<CommandAPDU> standardCommands() {
    return standardCommands(PinState.defaults());
  }

  static List<CommandAPDU> standardCommands(PinState pins) {
    return new ArrayList<>(Personalizer.commands(TestIdentity.defaultIdentity(), pins));
  }

  /** {@code 80 EA <options> 00}. */
  static CommandAPDU setOptions(int options) {
    return new CommandAPDU(0x80, JpkiConstants.INS_PERSO_SET_OPTIONS, options, 0x00);
  }

  /** The sequence with {@code 80 EA <options> 00} inserted just before the final LOCK. */
  static List<CommandAPDU> withOptions(List<CommandAPDU> commands, int options) {
    List<CommandAPDU> out = new ArrayList<>(commands);
    int last = out.size() - 1;
    assertEquals(JpkiConstants.INS_PERSO_LOCK, (byte) out.get(last).getINS(), "ends with LOCK");
    out.add(last, setOptions(options));
    return out;
  }

  /** Without the commands that create and write EF 0001 (the signature certificate). */
  static List<CommandAPDU> withoutSignCert(List<CommandAPDU> commands) {
    List<CommandAPDU> out = new ArrayList<>();
    int creates = 0;
    for (CommandAPDU c : commands) {
      boolean efCommand =
          c.getCLA() == 0x80
              && (c.getINS() == (JpkiConstants.INS_PERSO_CREATE_EF & 0xFF)
                  || c.getINS() == (JpkiConstants.INS_PERSO_WRITE_EF & 0xFF));
      byte[] d = c.getData();
      if (efCommand && d.length >= 2 && d[0] == 0x00 && d[1] == JpkiConstants.EF_SIGN_CERT) {
        if (c.getINS() == (JpkiConstants.INS_PERSO_CREATE_EF & 0xFF)) {
          creates++;
        }
        continue;
      }
      out.add(c);
    }
    assertEquals(1, creates, "the CREATE of EF 0001 dropped");
    assertTrue(commands.size() - out.size() >= 2, "and its writes");
    return out;
  }

  /** Without the five commands that load the signature key (IEF 001A). */
  static List<CommandAPDU> withoutSignKey(List<CommandAPDU> commands) {
    List<CommandAPDU> out = new ArrayList<>();
    for (CommandAPDU c : commands) {
      if (c.getCLA() == 0x80
          && c.getINS() == (JpkiConstants.INS_PERSO_PUT_KEY & 0xFF)
          && c.getP1() == JpkiConstants.EF_SIGN_KEY) {
        continue;
      }
      out.add(c);
    }
    assertEquals(commands.size() - 5, out.size(), "five key parts dropped");
    return out;
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }
}
