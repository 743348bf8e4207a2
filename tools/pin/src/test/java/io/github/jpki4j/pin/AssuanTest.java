package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Percent escaping out, percent decoding in, and the line limit. */
class AssuanTest {
  static String line(String verb, String argument) {
    return new String(Assuan.commandLine(verb, argument), StandardCharsets.UTF_8);
  }

  static SecretBuffer buffer(String text) {
    SecretBuffer b = new SecretBuffer(4);
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      b.append(x);
    }
    return b;
  }

  @Test
  void escapesPercentCrLfAndControls() {
    assertEquals("GETPIN\n", line("GETPIN", null));
    assertEquals("SETDESC 100%25%0D%0Anext%09tab%7F\n", line("SETDESC", "100%\r\nnext\ttab\u007f"));
    assertEquals("SETDESC マイナンバーカード +\n", line("SETDESC", "マイナンバーカード +"));
    assertEquals("SETDESC a?b\n", line("SETDESC", "a\uD800b"));
  }

  @Test
  void longArgumentsAreCutOnACharacterBoundary() {
    String cut = line("SETDESC", "%".repeat(400));
    assertEquals(999, cut.length());
    assertTrue(cut.endsWith("%25\n"));

    byte[] utf8 = Assuan.commandLine("SETDESC", "😀".repeat(300));
    assertTrue(utf8.length < Assuan.MAX_LINE);
    String decoded = new String(utf8, StandardCharsets.UTF_8);
    assertFalse(decoded.contains("\uFFFD"));
    assertTrue(decoded.endsWith("😀\n"));
  }

  @Test
  void unescapes() throws Exception {
    try (SecretBuffer out = new SecretBuffer(4)) {
      assertTrue(Assuan.unescapeInto(buffer("D 12%2534%0a%C3%a9"), 2, out, 256));
      assertArrayEquals("12%34\né".toCharArray(), out.toUtf8Chars());
    }
    for (String bad : new String[] {"D 1%", "D 1%2", "D %G0", "D %0G"}) {
      assertFalse(Assuan.unescapeInto(buffer(bad), 2, new SecretBuffer(4), 256), bad);
    }
    assertFalse(Assuan.unescapeInto(buffer("D 12345"), 2, new SecretBuffer(4), 4));
    assertTrue(Assuan.unescapeInto(buffer("D 1234"), 2, new SecretBuffer(4), 4));
  }

  @Test
  void secretBufferWipesAndDecodes() throws Exception {
    SecretBuffer b = buffer("12\r");
    assertTrue(b.startsWith("12"));
    b.truncate(2);
    assertTrue(b.isExactly("12"));
    assertArrayEquals("12".toCharArray(), b.toUtf8Chars());
    b.close();
    assertEquals(0, b.length());
  }

  @Test
  void oneLineMessages() {
    assertEquals("a b c", PinEntryException.oneLine(" a\r\n b\tc ", 100));
    assertEquals("abc…", PinEntryException.oneLine("abcdef", 4));
    assertEquals("x y", new PinEntryException("x\ny").getMessage());
    assertTrue(new PinEntryException("no", true).cancelled());
    assertFalse(new PinEntryException("no").cancelled());
  }
}
