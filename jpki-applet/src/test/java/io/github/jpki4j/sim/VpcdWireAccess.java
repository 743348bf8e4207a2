package io.github.jpki4j.sim;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A public door to the vpcd bridge's framing for the fuzz targets in {@code sim.fuzz}; tests only.
 */
public final class VpcdWireAccess {
  /** vpcd's control code asking for the ATR, the only one answered. */
  public static final int CTRL_GET_ATR = VpcdBridge.CTRL_GET_ATR;

  private VpcdWireAccess() {}

  /** {@code VpcdBridge.read}: one message, a 2-byte length and its payload. */
  public static byte[] read(DataInputStream in) throws IOException {
    return VpcdBridge.read(in);
  }

  /** {@code VpcdBridge.write}: one message, in one write. */
  public static void write(OutputStream out, byte[] payload) throws IOException {
    VpcdBridge.write(out, payload);
  }
}
