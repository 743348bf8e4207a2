package io.github.jpki4j.sim;

import com.licel.jcardsim.smartcardio.CardSimulator;

/**
 * A jcardsim card with its own runtime (no state shared with other cards) and its own ATR.
 *
 * <p>jcardsim 3.0.5.11 has no ATR setter: {@code Simulator.getATR()} reads the system property
 * {@code com.licel.jcardsim.card.ATR} on every call (not once at construction), which would make
 * the ATR global to the JVM. Overriding {@link #getATR()} keeps it per card; jcardsim's own {@code
 * Card.getATR()} calls this method too.
 */
final class JpkiSimulator extends CardSimulator {
  private final byte[] atr;

  JpkiSimulator(byte[] atr) {
    super(new JpkiRuntime());
    this.atr = atr.clone();
  }

  @Override
  public byte[] getATR() {
    return atr.clone();
  }

  JpkiRuntime jpkiRuntime() {
    return (JpkiRuntime) runtime;
  }
}
