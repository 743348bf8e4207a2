package io.github.jpki4j.pin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

// The Assuan line format: commands out with percent escaping, D-line data in.
final class Assuan {
  // Assuan lines, LF included, must stay below 1000 bytes.
  static final int MAX_LINE = 1000;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private Assuan() {}

  /**
   * {@code VERB} or {@code VERB escaped-argument}, LF-terminated. The argument is UTF-8 with {@code
   * %}, CR, LF and other control bytes written as {@code %XX}, and is cut (on a character boundary)
   * so the whole line stays below {@link #MAX_LINE} bytes.
   */
  static byte[] commandLine(String verb, String argument) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    byte[] v = verb.getBytes(StandardCharsets.US_ASCII);
    out.write(v, 0, v.length);
    if (argument != null) {
      out.write(' ');
      int room = MAX_LINE - 1 - out.size() - 1;
      byte[] escaped = new byte[12];
      for (int i = 0; i < argument.length(); ) {
        int cp = argument.codePointAt(i);
        i += Character.charCount(cp);
        int n = escape(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? '?' : cp, escaped);
        if (n > room) {
          break;
        }
        out.write(escaped, 0, n);
        room -= n;
      }
    }
    out.write('\n');
    return out.toByteArray();
  }

  // One code point as UTF-8, each byte escaped if needed; returns the byte count (at most 12).
  private static int escape(int cp, byte[] dest) {
    byte[] utf8 = new byte[4];
    int len;
    if (cp < 0x80) {
      utf8[0] = (byte) cp;
      len = 1;
    } else if (cp < 0x800) {
      utf8[0] = (byte) (0xC0 | cp >> 6);
      utf8[1] = (byte) (0x80 | (cp & 0x3F));
      len = 2;
    } else if (cp < 0x10000) {
      utf8[0] = (byte) (0xE0 | cp >> 12);
      utf8[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      utf8[2] = (byte) (0x80 | (cp & 0x3F));
      len = 3;
    } else {
      utf8[0] = (byte) (0xF0 | cp >> 18);
      utf8[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      utf8[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      utf8[3] = (byte) (0x80 | (cp & 0x3F));
      len = 4;
    }
    int n = 0;
    for (int i = 0; i < len; i++) {
      int b = utf8[i] & 0xFF;
      if (b == '%' || b < 0x20 || b == 0x7F) {
        dest[n++] = '%';
        dest[n++] = HEX[b >> 4];
        dest[n++] = HEX[b & 0xF];
      } else {
        dest[n++] = (byte) b;
      }
    }
    return n;
  }

  /**
   * Percent-decodes {@code line[from..]} onto the end of {@code out}. Returns false (leaving {@code
   * out} partly filled, for the caller to wipe) on a malformed escape or when {@code out} would
   * grow beyond {@code max} bytes.
   */
  static boolean unescapeInto(SecretBuffer line, int from, SecretBuffer out, int max) {
    int i = from;
    while (i < line.length()) {
      int b = line.byteAt(i) & 0xFF;
      if (b == '%') {
        if (i + 2 >= line.length()) {
          return false;
        }
        int hi = hexValue(line.byteAt(i + 1));
        int lo = hexValue(line.byteAt(i + 2));
        if (hi < 0 || lo < 0) {
          return false;
        }
        b = hi << 4 | lo;
        i += 3;
      } else {
        i++;
      }
      if (out.length() >= max) {
        return false;
      }
      out.append((byte) b);
    }
    return true;
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }
}
