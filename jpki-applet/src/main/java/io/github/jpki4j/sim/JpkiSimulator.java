package io.github.jpki4j.sim;

import com.licel.jcardsim.base.Simulator;
import java.util.Properties;

/**
 * A jcardsim card with its own runtime (no state shared with other cards) and its own ATR.
 *
 * <p>jcardsim 3.0.5.11 has no ATR setter: {@code Simulator.getATR()} reads the system property
 * {@code com.licel.jcardsim.card.ATR} on every call (not once at construction), which would make
 * the ATR global to the JVM. Overriding {@link #getATR()} keeps it per card; jcardsim's own {@code
 * Card.getATR()} calls this method too.
 *
 * <p>Built on jcardsim's {@link Simulator} with no properties: its public constructors read the
 * system properties for applets to preload ({@code com.licel.jcardsim.card.applet.N.AID}, for every
 * N up to 100, each name made with a {@code MessageFormat}), which costs a cold start-up some 15 ms
 * and would let a system property put another applet on the card. The card holds the JPKI applet
 * only.
 */
final class JpkiSimulator extends Simulator {
  private final byte[] atr;

  JpkiSimulator(byte[] atr) {
    super(new JpkiRuntime(), new Properties());
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
