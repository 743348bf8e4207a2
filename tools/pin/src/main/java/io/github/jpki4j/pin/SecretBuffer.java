package io.github.jpki4j.pin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

// A growable byte buffer for secrets: every array it lets go of is zeroed first.
final class SecretBuffer implements AutoCloseable {
  private byte[] bytes;
  private int length;

  SecretBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  int length() {
    return length;
  }

  byte byteAt(int index) {
    if (index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return bytes[index];
  }

  void append(byte b) {
    if (length == bytes.length) {
      byte[] bigger = Arrays.copyOf(bytes, bytes.length * 2);
      Arrays.fill(bytes, (byte) 0);
      bytes = bigger;
    }
    bytes[length++] = b;
  }

  void truncate(int newLength) {
    if (newLength < length) {
      Arrays.fill(bytes, newLength, length, (byte) 0);
      length = newLength;
    }
  }

  void clear() {
    truncate(0);
  }

  boolean startsWith(String asciiPrefix) {
    if (asciiPrefix.length() > length) {
      return false;
    }
    for (int i = 0; i < asciiPrefix.length(); i++) {
      if (bytes[i] != (byte) asciiPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  boolean isExactly(String ascii) {
    return length == ascii.length() && startsWith(ascii);
  }

  // Only for lines known to carry no secret (Assuan status, ERR and INQUIRE lines).
  String nonSecretText(int from) {
    return new String(bytes, from, Math.max(0, length - from), StandardCharsets.UTF_8);
  }

  // Strict UTF-8 (so plain ASCII too) into a fresh char[]; the scratch array is wiped.
  char[] toUtf8Chars() throws CharacterCodingException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // n bytes of UTF-8 never decode to more than n chars.
    char[] scratch = new char[length];
    try {
      CharBuffer out = CharBuffer.wrap(scratch);
      CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true);
      if (!result.isUnderflow()) {
        result.throwException();
      }
      result = decoder.flush(out);
      if (!result.isUnderflow()) {
        result.throwException();
      }
      return Arrays.copyOf(scratch, out.position());
    } finally {
      Arrays.fill(scratch, '\0');
    }
  }

  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    length = 0;
  }
}
