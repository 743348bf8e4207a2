package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH_ASKPASS convention against real child processes: bash scripts posing as askpass. Only the
 * hang test's deadline is under test; it leaves a bash script room to start on a loaded machine.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(120)
class AskpassPinSourceTest {
  static final PinRequest REQUEST =
      new PinRequest(
          "jpki4j",
          "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.",
          "Auth PIN:",
          "Wrong PIN: 2 tries left");

  @TempDir Path dir;

  @AfterEach
  void stopLeftovers() {
    FakePrograms.stopLeftovers(dir, dir.resolve("pid"));
  }

  AskpassPinSource askpass(String body) throws IOException {
    return askpass(body, FakePrograms.GENEROUS);
  }

  AskpassPinSource askpass(String body, Duration timeout) throws IOException {
    // The script finds its directory through $0 to leave files there.
    String prelude = "here=\"$(dirname \"$0\")\"\n";
    return new AskpassPinSource(
        FakePrograms.script(dir, "fake-askpass", prelude + body).toString(), timeout);
  }

  @Test
  void firstLineOfStdoutIsThePin() throws Exception {
    char[] pin =
        askpass("printf '%s' \"$1\" > \"$here/arg\"\nprintf '1234\\nsecond line\\n'\n")
            .readPin(REQUEST);

    assertArrayEquals("1234".toCharArray(), pin);
    assertEquals(
        """
        Wrong PIN: 2 tries left
        My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.
        Auth PIN:""",
        Files.readString(dir.resolve("arg"), StandardCharsets.UTF_8));
  }

  @Test
  void crlfAndMissingNewline() throws Exception {
    assertArrayEquals("1234".toCharArray(), askpass("printf '1234\\r\\n'\n").readPin(REQUEST));
    assertArrayEquals("5678".toCharArray(), askpass("printf '5678'\n").readPin(REQUEST));
  }

  @Test
  void emptyOutputIsAnEmptyPin() throws Exception {
    assertEquals(0, askpass("exit 0\n").readPin(REQUEST).length);
  }

  @Test
  void nonZeroExitIsACancel() throws Exception {
    AskpassPinSource source = askpass("echo xyzzy\nexit 1\n");
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertTrue(e.cancelled());
    assertTrue(e.getMessage().startsWith("PIN entry cancelled"), e.getMessage());
    assertTrue(e.getMessage().endsWith("exited with status 1)"), e.getMessage());
    assertFalse(e.getMessage().contains("xyzzy"), e.getMessage());
  }

  @Test
  void overLongLineIsRefused() throws Exception {
    AskpassPinSource source = askpass("printf '%0300d\\n' 7\n");
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().endsWith("printed a line longer than 256 bytes"), e.getMessage());
  }

  @Test
  void hangingAskpassIsStoppedAtTheDeadline() throws Exception {
    Duration deadline = Duration.ofSeconds(2);
    AskpassPinSource source =
        askpass("echo $$ > \"$here/pid\"\nsleep " + FakePrograms.HANG_SECONDS + "\n", deadline);
    PinEntryException e =
        assertInstanceOf(
            PinEntryException.class,
            FakePrograms.stoppedAt(deadline, () -> source.readPin(REQUEST)).thrown());

    assertFalse(e.cancelled());
    assertTrue(
        e.getMessage().endsWith("did not finish within 2 s; it was stopped"), e.getMessage());
    FakePrograms.assertGone(dir.resolve("pid"));
  }

  @Test
  void programThatCannotBeStarted() {
    String missing = dir.resolve("no-such-askpass").toString();
    PinEntryException e =
        assertThrows(PinEntryException.class, () -> new AskpassPinSource(missing).readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(
        e.getMessage().startsWith("askpass program " + missing + " could not be started: "),
        e.getMessage());
  }

  @Test
  void argumentText() {
    assertEquals(
        "Auth PIN (4 digits, 2 of 3 tries left):",
        AskpassPinSource.text(
            new PinRequest(null, null, "Auth PIN (4 digits, 2 of 3 tries left): ", null)));
    assertEquals(
        "Auth PIN (4 digits):",
        AskpassPinSource.text(new PinRequest("t", "4 digits", "Auth PIN (4 digits):", " ")));
  }
}
