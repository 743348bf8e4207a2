package io.github.jpki4j.pdf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Raw reads of a PDF file: the bytes a /ByteRange names, slices, and where revisions end. */
final class SignedBytes implements AutoCloseable {
  private static final byte[] EOF_MARK = {'%', '%', 'E', 'O', 'F'};
  private final RandomAccessFile file;

  SignedBytes(Path path) throws IOException {
    this.file = new RandomAccessFile(path.toFile(), "r");
  }

  long length() throws IOException {
    return file.length();
  }

  /** {@code length} bytes from {@code offset} (small slices only: a /Contents string). */
  byte[] slice(long offset, int length) throws IOException {
    byte[] b = new byte[length];
    file.seek(offset);
    file.readFully(b);
    return b;
  }

  /** The bytes of {@code [a b c d]}, read in order without holding them. */
  InputStream ranges(long[] range) {
    return new BufferedInputStream(new RangeStream(range), 1 << 16);
  }

  /**
   * The offsets just after each {@code %%EOF}: with and without the end of line that may follow,
   * since a revision ends at either.
   */
  List<Long> revisionEnds() throws IOException {
    List<Long> marks = new ArrayList<>();
    long length = length();
    try (InputStream in = ranges(new long[] {0, length})) {
      long pos = 0;
      int matched = 0;
      int c;
      while ((c = in.read()) >= 0) {
        pos++;
        if (c == EOF_MARK[matched]) {
          matched++;
          if (matched == EOF_MARK.length) {
            marks.add(pos);
            matched = 0;
          }
        } else {
          matched = c == EOF_MARK[0] ? 1 : 0;
        }
      }
    }
    List<Long> ends = new ArrayList<>();
    for (long end : marks) {
      ends.add(end);
      byte[] after = slice(end, (int) Math.min(2, length - end));
      if (after.length > 0 && (after[0] == '\n' || after[0] == '\r')) {
        ends.add(end + 1);
        if (after.length > 1 && after[0] == '\r' && after[1] == '\n') {
          ends.add(end + 2);
        }
      }
    }
    return ends;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private final class RangeStream extends InputStream {
    private final long[] range;
    private int part;
    private long done;

    RangeStream(long[] range) {
      this.range = range.clone();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (part < range.length / 2) {
        long start = range[2 * part];
        long count = range[2 * part + 1];
        if (done < count) {
          file.seek(start + done);
          int n = file.read(b, off, (int) Math.min(len, count - done));
          if (n < 0) {
            throw new IOException("the byte range goes past the end of the file");
          }
          done += n;
          return n;
        }
        part++;
        done = 0;
      }
      return -1;
    }
  }
}
