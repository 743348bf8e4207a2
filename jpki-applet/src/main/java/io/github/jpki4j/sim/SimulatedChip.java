package io.github.jpki4j.sim;

import io.github.jpki4j.applet.JpkiApplet;
import io.github.jpki4j.applet.JpkiConstants;
import javacard.framework.AID;
import javax.smartcardio.CommandAPDU;

/**
 * The simulated card itself, as the reader's contacts see it: {@link JpkiApplet} personalized and
 * locked in jcardsim, behind the card manager's answers that jcardsim does not give, and the
 * host-side quirks that JavaCard cannot express (a reset that keeps the verified state, a {@code
 * 6F00} to the first command). It knows nothing of readers, connections or files.
 *
 * <p>The card manager: after power-up or reset a real card has its issuer security domain selected;
 * jcardsim has nothing selected and answers {@code 6999} to an unmatched SELECT by name and {@code
 * 6986} to everything else. Here those get {@code 6A82} (SELECT) and {@code 6D00} (anything else),
 * as OpenSC's probes expect (docs/card-protocol.md §9.4). A malformed command (shorter than 4
 * bytes, or one jcardsim cannot parse) is answered {@code 6700}.
 *
 * <p>The PIN counters are read from the applet itself ({@link #triesLeft}), so that persistence
 * follows the card's own state. Not thread-safe: {@link VirtualCard} serializes access.
 */
final class SimulatedChip {
  private static final byte[] SW_WRONG_LENGTH = {0x67, 0x00};
  private static final byte[] SW_FILE_NOT_FOUND = {0x6A, (byte) 0x82};
  private static final byte[] SW_INS_NOT_SUPPORTED = {0x6D, 0x00};
  private static final byte[] SW_NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};

  static {
    // jcardsim seeds RandomData (GET CHALLENGE) from SecureRandom only when asked; otherwise
    // every new card would give the same challenges. Read when an applet is installed.
    if (System.getProperty("com.licel.jcardsim.randomdata.secure") == null
        && System.getProperty("com.licel.jcardsim.randomdata.seed") == null) {
      System.setProperty("com.licel.jcardsim.randomdata.secure", "1");
    }
  }

  private final CardProfile profile;
  private final JpkiSimulator sim;
  private final JpkiApplet applet;
  private boolean firstCommand;

  /**
   * A card personalized with {@code identity} and {@code pins}, as {@code profile} says, powered.
   */
  SimulatedChip(TestIdentity identity, PinState pins, CardProfile profile) {
    this.profile = profile;
    this.sim = new JpkiSimulator(profile.atr());
    sim.changeProtocol("T=1");
    byte[] aidBytes = JpkiConstants.aid();
    AID aid = new AID(aidBytes, (short) 0, (byte) aidBytes.length);
    sim.installApplet(aid, JpkiApplet.class);
    for (CommandAPDU command : Personalizer.commands(identity, pins, profile)) {
      int sw = sw(sim.transmitCommand(command.getBytes()));
      if (sw != 0x9000) {
        throw new IllegalStateException(
            String.format(
                "personalization command %02X %02X failed with SW %04X",
                command.getCLA(), command.getINS(), sw));
      }
    }
    this.applet = (JpkiApplet) sim.jpkiRuntime().applet(aid);
    powerUp(); // the card as it comes out of the reader's power-up
  }

  CardProfile profile() {
    return profile;
  }

  /** A cold reset: all session state is gone (verified PINs, selections). */
  void powerUp() {
    sim.reset();
    firstCommand = true;
  }

  /**
   * A warm reset: the session ends, but a card with {@link Quirk#RESET_KEEPS_PIN} keeps its
   * verified PINs (nothing is selected any more either way).
   */
  void warmReset() {
    if (profile.has(Quirk.RESET_KEEPS_PIN)) {
      sim.jpkiRuntime().resetKeepingResetMemory();
    } else {
      sim.reset();
    }
    firstCommand = true;
  }

  /** One command, answered as the card answers it (data and status word). */
  byte[] process(byte[] command) {
    boolean first = firstCommand;
    firstCommand = false;
    if (command.length < 4) {
      return SW_WRONG_LENGTH.clone();
    }
    if (first && profile.has(Quirk.FIRST_6F00)) {
      return SW_NO_PRECISE_DIAGNOSIS.clone();
    }
    if (!sim.jpkiRuntime().appletSelected() && !isAppletSelection(command)) {
      return command[1] == JpkiConstants.INS_SELECT
          ? SW_FILE_NOT_FOUND.clone()
          : SW_INS_NOT_SUPPORTED.clone();
    }
    byte[] response;
    try {
      response = sim.transmitCommand(command);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // jcardsim's APDU parser throws on a malformed APDU, before the applet: IllegalArgument,
      // or IndexOutOfBounds for an extended length cut short (e.g. FB B0 00 00 00 00)
      return SW_WRONG_LENGTH.clone();
    }
    if (sw(response) == 0x6999 && isAppletSelection(command)) {
      return SW_FILE_NOT_FOUND.clone(); // no applet matched the name
    }
    return response;
  }

  /** The tries left of a PIN, from the applet's own counter. */
  int triesLeft(short pinFileId) {
    return applet.pinTriesLeft(pinFileId);
  }

  /** jcardsim's test for a SELECT that may select an applet (short APDUs only). */
  private static boolean isAppletSelection(byte[] command) {
    boolean extended = command.length > 5 && command[4] == 0;
    return (command[0] & 0xFC) == 0
        && command[1] == JpkiConstants.INS_SELECT
        && command[2] == 0x04
        && (command[3] & 0xE3) == 0
        && !extended;
  }

  static int sw(byte[] response) {
    int n = response.length;
    return n < 2 ? 0 : ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
  }
}
