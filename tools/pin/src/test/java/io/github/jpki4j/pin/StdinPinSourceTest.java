package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The first line of a stream, byte by byte, and nothing more. */
class StdinPinSourceTest {
  static final PinRequest REQUEST = new PinRequest("jpki4j", "ignored", "Auth PIN:", null);

  static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  // Fails the test if anyone reads in bulk (which could buffer past the line).
  static final class OneByteAtATime extends InputStream {
    final InputStream in;

    OneByteAtATime(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw new AssertionError("bulk read");
    }
  }

  @Test
  void readsTheFirstLineOnlyAndLeavesTheRest() throws Exception {
    ByteArrayInputStream in = stream("1234\ndata to sign\nmore\n");
    char[] pin = new StdinPinSource(new OneByteAtATime(in)).readPin(REQUEST);

    assertArrayEquals("1234".toCharArray(), pin);
    assertEquals("data to sign\nmore\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void eachCallReadsTheNextLine() throws Exception {
    StdinPinSource source = new StdinPinSource(stream("1234\nABCDEF\n"));

    assertArrayEquals("1234".toCharArray(), source.readPin(REQUEST));
    assertArrayEquals("ABCDEF".toCharArray(), source.readPin(REQUEST));
  }

  @Test
  void crlfAndLastLineWithoutNewline() throws Exception {
    assertArrayEquals(
        "1234".toCharArray(), new StdinPinSource(stream("1234\r\nrest")).readPin(REQUEST));
    assertArrayEquals("1234".toCharArray(), new StdinPinSource(stream("1234")).readPin(REQUEST));
    assertArrayEquals(
        "12\r34".toCharArray(), new StdinPinSource(stream("12\r34\n")).readPin(REQUEST));
  }

  @Test
  void emptyLineIsAnEmptyPin() throws Exception {
    assertEquals(0, new StdinPinSource(stream("\n1234\n")).readPin(REQUEST).length);
  }

  @Test
  void endOfStreamBeforeAnyByte() {
    PinEntryException e =
        assertThrows(
            PinEntryException.class, () -> new StdinPinSource(stream("")).readPin(REQUEST));

    assertEquals("no PIN on standard input", e.getMessage());
    assertFalse(e.cancelled());
  }

  @Test
  void lineLengthIsCapped() throws Exception {
    String longest = "A".repeat(StdinPinSource.MAX_LINE_BYTES);
    assertArrayEquals(
        longest.toCharArray(), new StdinPinSource(stream(longest + "\r\n")).readPin(REQUEST));

    String tooLong = longest + "B";
    for (String input : new String[] {tooLong, tooLong + "\n", tooLong + "\r\n", tooLong + "CD"}) {
      PinEntryException e =
          assertThrows(
              PinEntryException.class, () -> new StdinPinSource(stream(input)).readPin(REQUEST));
      assertTrue(e.getMessage().contains("longer than 256 bytes"), e.getMessage());
      assertFalse(e.getMessage().contains("AAAA"), e.getMessage());
    }
  }

  @Test
  void utf8IsDecodedAndMalformedInputRefused() throws Exception {
    assertArrayEquals("é1".toCharArray(), new StdinPinSource(stream("é1\n")).readPin(REQUEST));

    ByteArrayInputStream bad = new ByteArrayInputStream(new byte[] {'1', (byte) 0xC3, '2', '\n'});
    PinEntryException e =
        assertThrows(PinEntryException.class, () -> new StdinPinSource(bad).readPin(REQUEST));
    assertEquals("the PIN on standard input is not valid UTF-8", e.getMessage());
  }

  @Test
  void ioErrorsAreWrapped() {
    IOException failure = new IOException("Input/output error");
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw failure;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            throw failure;
          }
        };
    PinEntryException e =
        assertThrows(PinEntryException.class, () -> new StdinPinSource(broken).readPin(REQUEST));

    assertEquals("could not read the PIN from standard input: Input/output error", e.getMessage());
    assertSame(failure, e.getCause());
  }
}
