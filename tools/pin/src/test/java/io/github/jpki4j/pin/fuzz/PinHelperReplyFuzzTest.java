package io.github.jpki4j.pin.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.pin.AskpassPinSource;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinFuzzAccess;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinentryPinSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a PIN helper program prints, read by jpki4j: a pinentry's Assuan replies (greeting, the
 * answers to SETTITLE/SETDESC/SETPROMPT/SETERROR, the D lines and OK/ERR of GETPIN, status and
 * comment lines, INQUIREs) and an askpass program's output. The helpers are real processes (a shell
 * printing the input), so the whole path runs: the child, the line reader, the Assuan client,
 * percent-decoding, the UTF-8 check.
 *
 * <p>Invariants: {@code readPin} returns a PIN of at most 256 bytes of UTF-8, or throws {@link
 * PinEntryException} with a message of one line (a hostile helper cannot put line breaks or control
 * characters in what jpki4j prints) of bounded length.
 *
 * <p>The corpus files are the helper's output. One process per input: expect hundreds of executions
 * per second, not thousands.
 */
class PinHelperReplyFuzzTest {
  private static final Path DIR = workDirectory();
  private static final Path OUTPUT = DIR.resolve("output");
  private static final PinRequest REQUEST =
      new PinRequest(
          "jpki4j",
          "My Number Card: enter the auth PIN (4 digits).\n2 of 3 tries left.",
          "Auth PIN:",
          "Wrong PIN: 2 tries left");
  // prints the input, then reads its stdin to the end, as a pinentry keeps listening
  private static final PinSource PINENTRY =
      PinFuzzAccess.pinentry(
          List.of("/bin/sh", "-c", "cat \"$1\"; exec cat >/dev/null", "sh", OUTPUT.toString()),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10));
  private static final PinSource ASKPASS =
      new AskpassPinSource(
          script("askpass", "exec cat '" + OUTPUT + "'\n").toString(), Duration.ofSeconds(10));
  private static final PinSource ASKPASS_CANCELLED =
      new AskpassPinSource(
          script("askpass-cancel", "cat '" + OUTPUT + "'\nexit 1\n").toString(),
          Duration.ofSeconds(10));

  /** A pinentry's whole output. */
  @FuzzTest
  void pinentry(byte[] output) throws IOException {
    Files.write(OUTPUT, output);
    check(PINENTRY, PinentryPinSource.MAX_PIN_BYTES);
  }

  /** An askpass program's output; a first byte of 0xFF makes it exit with status 1 instead. */
  @FuzzTest
  void askpass(byte[] input) throws IOException {
    boolean cancel = input.length > 0 && input[0] == (byte) 0xFF;
    Files.write(OUTPUT, cancel ? java.util.Arrays.copyOfRange(input, 1, input.length) : input);
    check(cancel ? ASKPASS_CANCELLED : ASKPASS, AskpassPinSource.MAX_PIN_BYTES);
  }

  private static void check(PinSource source, int maxBytes) {
    char[] pin;
    try {
      pin = source.readPin(REQUEST);
    } catch (PinEntryException e) {
      String m = e.getMessage();
      assertNotNull(m);
      assertFalse(m.isEmpty(), "an empty message");
      assertTrue(m.chars().noneMatch(Character::isISOControl), "a control character in: " + m);
      assertTrue(m.length() <= 600, "a message of " + m.length() + " characters");
      return;
    }
    assertNotNull(pin);
    assertTrue(
        new String(pin).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes,
        "a PIN of more than " + maxBytes + " bytes");
  }

  private static Path workDirectory() {
    try {
      Path dir = Files.createTempDirectory("jpki4j-fuzz-pin");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (Stream<Path> files = Files.walk(dir)) {
                      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (IOException e) {
                      // a temporary directory: left for the system to clean
                    }
                  }));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path script(String name, String body) {
    try {
      Path file = DIR.resolve(name);
      Files.writeString(file, "#!/bin/sh\n" + body);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
