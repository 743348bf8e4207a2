package io.github.jpki4j.sim;

import com.licel.jcardsim.base.SimulatorRuntime;
import java.util.Arrays;
import javacard.framework.AID;
import javacard.framework.Applet;

/**
 * jcardsim's runtime with the two things the simulator's host layer needs and jcardsim keeps
 * protected: the applet instance (to read the card's own PIN counters for persistence) and a reset
 * that keeps {@code CLEAR_ON_RESET} memory, for cards whose verified state survives a warm reset
 * ({@link Quirk#RESET_KEEPS_PIN}). Nothing else of jcardsim's behaviour changes.
 */
final class JpkiRuntime extends SimulatorRuntime {
  /** The installed applet behind {@code aid}, or null. */
  Applet applet(AID aid) {
    return getApplet(aid);
  }

  /** Whether an applet is selected (none after a reset until a SELECT matches). */
  boolean appletSelected() {
    return getAID() != null;
  }

  /**
   * What {@link #reset()} does, except that {@code CLEAR_ON_RESET} memory is kept: the selected
   * applet is deselected (its {@code CLEAR_ON_DESELECT} memory cleared) and nothing is selected.
   */
  void resetKeepingResetMemory() {
    if (currentAID != null) {
      deselect(lookupApplet(currentAID));
    }
    Arrays.fill(responseBuffer, (byte) 0);
    transactionDepth = 0;
    responseBufferSize = 0;
    currentAID = null;
    previousAID = null;
  }
}
