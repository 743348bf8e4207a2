package io.github.jpki4j.ssh;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable string of bytes compared by value: key blobs, signature blobs, data to sign and the
 * like, so that records holding them get correct {@code equals}, {@code hashCode} and {@code
 * toString} without writing them.
 *
 * <p>Only for data that is not secret: the bytes cannot be wiped, and {@link #toString()} shows the
 * first of them. Passphrases and PINs stay in {@code byte[]} their owner zeroes after use.
 */
public final class Bytes {
  private static final int SHOWN = 16;
  private static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A byte string holding a copy of {@code bytes}; later changes to the array do not show. */
  public static Bytes of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** The bytes themselves, for {@link SshWriter}, which only reads them. */
  byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The length and the first bytes in hex, e.g. {@code 5 bytes: 0000000107}. */
  @Override
  public String toString() {
    return bytes.length
        + " bytes: "
        + HexFormat.of().formatHex(bytes, 0, Math.min(SHOWN, bytes.length))
        + (bytes.length > SHOWN ? "..." : "");
  }
}
