package io.github.jpki4j.pin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Objects;

/**
 * Takes the PIN from the first line of an input stream, standard input by default: {@code
 * --pin-stdin}, for scripts ({@code printf '%s\n' "$PIN" | jpki pin verify --pin-stdin}).
 *
 * <p>Nothing is shown; the request is ignored. The stream is read one byte at a time and never past
 * the line's LF, so whatever follows stays in the stream for later readers (data to sign, for
 * instance). A trailing CR is dropped (CRLF input), a last line without LF is accepted, and the
 * line is decoded as UTF-8 (so plain ASCII) straight into the returned {@code char[]}, no {@code
 * String} involved.
 *
 * <p>Refused with a {@link PinEntryException} (never cancelled): end of stream before any byte
 * ({@code "no PIN on standard input"}), a line longer than {@value #MAX_LINE_BYTES} bytes (reading
 * stops there, the rest of that line stays unread), bytes that are not UTF-8, and I/O errors.
 *
 * <p>Each {@link #readPin} reads the next line. Not thread-safe.
 */
public final class StdinPinSource implements PinSource {
  /** The longest line accepted, in bytes, not counting the line ending. */
  public static final int MAX_LINE_BYTES = 256;

  private final InputStream in;

  /** Reads from {@link System#in}. */
  public StdinPinSource() {
    this(System.in);
  }

  /**
   * Reads from {@code in}. The stream is not closed.
   *
   * @param in where the PIN line comes from
   * @throws NullPointerException if {@code in} is {@code null}
   */
  public StdinPinSource(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /**
   * Reads the next line of the stream.
   *
   * @param request ignored: nothing is shown
   * @return the line without its line ending, possibly empty; the caller wipes it
   * @throws PinEntryException at end of stream, for an over-long or non-UTF-8 line, or when reading
   *     fails
   */
  @Override
  public char[] readPin(PinRequest request) throws PinEntryException {
    try (SecretBuffer line = new SecretBuffer(32)) {
      boolean any = false;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (!any) {
            throw new PinEntryException("no PIN on standard input");
          }
          break;
        }
        any = true;
        if (b == '\n') {
          break;
        }
        // One extra byte for a CR before the LF.
        if (line.length() > MAX_LINE_BYTES) {
          throw tooLong();
        }
        line.append((byte) b);
      }
      int n = line.length();
      if (n > 0 && line.byteAt(n - 1) == '\r') {
        line.truncate(n - 1);
      }
      if (line.length() > MAX_LINE_BYTES) {
        throw tooLong();
      }
      return line.toUtf8Chars();
    } catch (CharacterCodingException e) {
      throw new PinEntryException("the PIN on standard input is not valid UTF-8");
    } catch (IOException e) {
      throw new PinEntryException(
          "could not read the PIN from standard input: " + e.getMessage(), e);
    }
  }

  private static PinEntryException tooLong() {
    return new PinEntryException(
        "the PIN line on standard input is longer than " + MAX_LINE_BYTES + " bytes");
  }
}
