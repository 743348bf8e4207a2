package io.github.jpki4j.applet;

/**
 * A transparent EF (§2): its file ID and its contents. The EF is exactly as long as the object it
 * holds, with no filler after it (§3), so READ BINARY at the length answers {@code 6B00}.
 */
final class BinaryFile {
  /** The low byte of the FID (JPKI FIDs are all {@code 00xx}). */
  final byte id;

  /** Allocated by personalization; null until then. */
  byte[] data;

  BinaryFile(short fid) {
    id = (byte) fid;
  }
}
