package io.github.jpki4j.ssh;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads SSH wire data (RFC 4251 §5) from a byte array, strictly. Every read checks the bytes that
 * remain first, so a length field that points past the end (or is negative as a Java {@code int})
 * raises {@link SshFormatException} before anything is allocated: an attacker-chosen length can
 * never cause a large allocation or an {@link ArrayIndexOutOfBoundsException}.
 *
 * <p>The reader does not copy the array it is given; values it returns are fresh copies. Not
 * thread-safe.
 */
public final class SshReader {
  private final byte[] data;
  private final int start;
  private final int end;
  private int pos;

  /** Reads the whole of {@code data}. */
  public SshReader(byte[] data) {
    this(data, 0, data.length);
  }

  /**
   * Reads {@code length} bytes of {@code data} from {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range does not fit in {@code data}
   */
  public SshReader(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    this.data = data;
    this.start = offset;
    this.pos = offset;
    this.end = offset + length;
  }

  /** The number of bytes not read yet. */
  public int remaining() {
    return end - pos;
  }

  /** Whether any bytes are left. */
  public boolean hasRemaining() {
    return pos < end;
  }

  /**
   * Checks that everything has been read.
   *
   * @throws SshFormatException if bytes are left over
   */
  public void requireEnd() throws SshFormatException {
    if (pos != end) {
      throw new SshFormatException(remaining() + " unexpected trailing byte(s)");
    }
  }

  /**
   * Reads one byte as an unsigned value, 0 to 255.
   *
   * @throws SshFormatException if no byte is left
   */
  public int readByte() throws SshFormatException {
    need(1, "byte");
    return data[pos++] & 0xFF;
  }

  /**
   * Reads a {@code boolean}; any non-zero byte is {@code true} (RFC 4251 §5).
   *
   * @throws SshFormatException if no byte is left
   */
  public boolean readBoolean() throws SshFormatException {
    return readByte() != 0;
  }

  /**
   * Reads a {@code uint32} and returns its 32 bits as an {@code int}: values above {@link
   * Integer#MAX_VALUE} come back negative; use {@link Integer#toUnsignedLong(int)} for the number.
   *
   * @throws SshFormatException if fewer than 4 bytes are left
   */
  public int readUint32() throws SshFormatException {
    need(4, "uint32");
    int v =
        (data[pos] & 0xFF) << 24
            | (data[pos + 1] & 0xFF) << 16
            | (data[pos + 2] & 0xFF) << 8
            | (data[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  /**
   * Reads exactly {@code count} raw bytes (no length prefix).
   *
   * @throws SshFormatException if fewer than {@code count} bytes are left
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public byte[] readRaw(int count) throws SshFormatException {
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
    need(count, count + " raw bytes");
    byte[] out = Arrays.copyOfRange(data, pos, pos + count);
    pos += count;
    return out;
  }

  /** Reads all remaining bytes, possibly none. */
  public byte[] readRemaining() {
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end;
    return out;
  }

  /**
   * Reads a {@code string} as bytes.
   *
   * @throws SshFormatException if the length field is missing, above {@code 2^31-1}, or longer than
   *     what remains
   */
  public byte[] readString() throws SshFormatException {
    int len = readLength();
    byte[] out = Arrays.copyOfRange(data, pos, pos + len);
    pos += len;
    return out;
  }

  /**
   * Reads a {@code string} and returns a reader over its contents, without copying; the string is
   * consumed from this reader. Useful for nested structures such as a key blob inside a message.
   *
   * @throws SshFormatException as {@link #readString()}
   */
  public SshReader readStringAsReader() throws SshFormatException {
    int len = readLength();
    SshReader inner = new SshReader(data, pos, len);
    pos += len;
    return inner;
  }

  /**
   * Reads a {@code string} and decodes it as UTF-8, rejecting malformed sequences.
   *
   * @throws SshFormatException as {@link #readString()}, or if the bytes are not valid UTF-8
   */
  public String readUtf8() throws SshFormatException {
    int len = readLength();
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, pos, len))
              .toString();
      pos += len;
      return s;
    } catch (CharacterCodingException e) {
      throw new SshFormatException(
          "string at offset " + (pos - start - 4) + " is not valid UTF-8", e);
    }
  }

  /**
   * Reads an {@code mpint}: two's complement, big-endian. The empty string is zero. Redundant
   * leading {@code 00}/{@code FF} bytes are tolerated (OpenSSH accepts them too); the value is the
   * same either way.
   *
   * @throws SshFormatException as {@link #readString()}
   */
  public BigInteger readMpint() throws SshFormatException {
    int len = readLength();
    BigInteger v = len == 0 ? BigInteger.ZERO : new BigInteger(data, pos, len);
    pos += len;
    return v;
  }

  /**
   * Reads an {@code mpint} that must be positive and at most {@code maxBits} bits long; for key
   * material, where a negative number or zero is always an error.
   *
   * @param what names the field in the error message, e.g. "RSA modulus"
   * @throws SshFormatException if the value is missing, zero, negative or too long
   */
  public BigInteger readPositiveMpint(String what, int maxBits) throws SshFormatException {
    BigInteger v = readMpint();
    if (v.signum() <= 0) {
      throw new SshFormatException(what + " must be positive");
    }
    if (v.bitLength() > maxBits) {
      throw new SshFormatException(what + " has " + v.bitLength() + " bits, more than " + maxBits);
    }
    return v;
  }

  // uint32 length of a string, checked against what is left before anything is allocated
  private int readLength() throws SshFormatException {
    int at = pos;
    int len = readUint32();
    if (len < 0 || len > remaining()) {
      pos = at;
      throw new SshFormatException(
          "string at offset "
              + (at - start)
              + " claims "
              + Integer.toUnsignedLong(len)
              + " bytes but only "
              + (remaining() - 4)
              + " remain");
    }
    return len;
  }

  private void need(int n, String what) throws SshFormatException {
    if (n > remaining()) {
      throw new SshFormatException(
          "truncated: "
              + what
              + " at offset "
              + (pos - start)
              + " needs "
              + n
              + " byte(s), "
              + remaining()
              + " remain");
    }
  }
}
