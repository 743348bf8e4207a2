package io.github.jpki4j.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Builds SSH wire data (RFC 4251 §5): bytes, booleans, {@code uint32}, {@code string} and {@code
 * mpint}, big-endian. Not thread-safe; methods return {@code this} for chaining.
 *
 * <pre>{@code
 * byte[] blob = new SshWriter().writeString("ssh-rsa").writeMpint(e).writeMpint(n).toByteArray();
 * }</pre>
 */
public final class SshWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  /** An empty writer. */
  public SshWriter() {}

  /** Appends one byte: the low 8 bits of {@code value}. */
  public SshWriter writeByte(int value) {
    out.write(value);
    return this;
  }

  /** Appends a {@code boolean}: one byte, 1 or 0. */
  public SshWriter writeBoolean(boolean value) {
    return writeByte(value ? 1 : 0);
  }

  /**
   * Appends a {@code uint32}. The 32 bits of {@code value} are written as they are, so values above
   * {@link Integer#MAX_VALUE} are passed as their (negative) {@code int} bit pattern, e.g. {@code
   * (int) 0xFFFFFFFFL}.
   */
  public SshWriter writeUint32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  /** Appends {@code bytes} as they are, with no length prefix. */
  public SshWriter writeRaw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Appends {@code bytes} as they are, with no length prefix. */
  public SshWriter writeRaw(Bytes bytes) {
    return writeRaw(bytes.unsafeArray());
  }

  /** Appends a {@code string}: a {@code uint32} length, then the bytes. */
  public SshWriter writeString(byte[] bytes) {
    writeUint32(bytes.length);
    return writeRaw(bytes);
  }

  /** Appends a {@code string}: a {@code uint32} length, then the bytes. */
  public SshWriter writeString(Bytes bytes) {
    return writeString(bytes.unsafeArray());
  }

  /** Appends a {@code string} holding the UTF-8 encoding of {@code text}. */
  public SshWriter writeString(String text) {
    return writeString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends an {@code mpint}: two's complement, big-endian, in the fewest bytes. Zero is the empty
   * string; a positive number whose top bit is set gets a leading zero byte; negative numbers are
   * allowed by RFC 4251 and are encoded as such.
   */
  public SshWriter writeMpint(BigInteger value) {
    if (value.signum() == 0) {
      return writeUint32(0);
    }
    // toByteArray() is already the minimal two's complement form, sign byte included
    return writeString(value.toByteArray());
  }

  /** The number of bytes written so far. */
  public int size() {
    return out.size();
  }

  /** A copy of everything written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
