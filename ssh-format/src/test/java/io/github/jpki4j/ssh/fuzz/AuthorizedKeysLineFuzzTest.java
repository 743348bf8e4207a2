package io.github.jpki4j.ssh.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.ssh.AuthorizedKeysLine;
import io.github.jpki4j.ssh.SshFormatException;
import java.nio.charset.StandardCharsets;

/**
 * One line of an {@code authorized_keys} or {@code .pub} file, as a user or another program wrote
 * it. The only failure allowed is {@link SshFormatException}; a line that parses writes back to a
 * line that parses to the same options, key and comment.
 *
 * <p>The input is the line's bytes as UTF-8 (malformed sequences become U+FFFD, as when a file is
 * read), so the corpus files under {@code AuthorizedKeysLineFuzzTestInputs/} are plain text.
 */
class AuthorizedKeysLineFuzzTest {

  @FuzzTest
  void line(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    AuthorizedKeysLine line;
    try {
      line = AuthorizedKeysLine.parse(text);
    } catch (SshFormatException expected) {
      return;
    }
    String written = line.toString();
    assertFalse(written.contains("\n") || written.contains("\r"), "a key line holds one line");
    try {
      assertEquals(line, AuthorizedKeysLine.parse(written));
    } catch (SshFormatException e) {
      throw new AssertionError(
          "a parsed line, written again, does not parse: " + e.getMessage(), e);
    }
  }
}
