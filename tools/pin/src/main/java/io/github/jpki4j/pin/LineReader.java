package io.github.jpki4j.pin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

// Reads LF-terminated lines from a helper program's stdout into a SecretBuffer.
final class LineReader implements AutoCloseable {
  static final int EOF = -1;
  static final int TOO_LONG = -2;

  // The JDK wraps a child's stdout in a BufferedInputStream with an 8 KiB buffer; reads of at
  // least that size go straight into our array, so secret bytes only land where we wipe them.
  private static final int CHUNK = 16 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[CHUNK];
  private int pos;
  private int limit;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads one line into {@code line} (cleared first), without its LF and a CR before it. Returns
   * its length, {@link #EOF} at end of stream with nothing read, or {@link #TOO_LONG}. A last line
   * without LF counts as a line.
   */
  int readLine(SecretBuffer line) throws IOException {
    line.clear();
    boolean any = false;
    while (true) {
      if (pos == limit) {
        pos = 0;
        limit = 0;
        int n = in.read(chunk, 0, CHUNK);
        if (n < 0) {
          return any ? endLine(line) : EOF;
        }
        limit = n;
        continue;
      }
      byte b = chunk[pos];
      chunk[pos++] = 0;
      any = true;
      if (b == '\n') {
        return endLine(line);
      }
      if (line.length() > maxLineBytes) {
        return TOO_LONG;
      }
      line.append(b);
    }
  }

  private int endLine(SecretBuffer line) {
    int n = line.length();
    if (n > 0 && line.byteAt(n - 1) == '\r') {
      line.truncate(n - 1);
    }
    return line.length() > maxLineBytes ? TOO_LONG : line.length();
  }

  @Override
  public void close() {
    Arrays.fill(chunk, (byte) 0);
    pos = 0;
    limit = 0;
  }
}
