package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JpkiThroughPcscChecks} on the default card (the 2024 contact card in a reader that carries
 * extended APDUs), and what does not depend on the card: the PC/SC driver lists, chooses, waits,
 * and fails clearly.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JpkiThroughPcscTest extends JpkiThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack();

  @Test
  void noServiceIsAClearErrorAndAMissingLibraryIsReported() throws Exception {
    Map<String, String> noService =
        Map.of("PCSCLITE_CSOCK_NAME", STACK.work().resolve("no-such-pcscd.comm").toString());
    TestProcess.Result readers = viaPcsc(null, noService, "readers");
    assertEquals(3, readers.exit(), readers.toString());
    assertTrue(
        readers.err().startsWith("jpki: the PC/SC service is not running (start pcscd"),
        readers.toString());
    TestProcess.Result doctor = viaPcsc(null, noService, "doctor");
    assertEquals(3, doctor.exit(), doctor.toString());
    assertTrue(
        doctor.out().contains("[!!] PC/SC service  the PC/SC service is not running"),
        doctor.toString());

    // A library that does not exist: doctor says so. (Whether the JDK then fails depends on
    // the JDK: Debian's falls back to libpcsclite.so.1 by itself. CardReadersTest checks the
    // message of a JDK that fails.)
    String missing = STACK.work().resolve("nowhere/libpcsclite.so.1").toString();
    List<String> cmd =
        JpkiProcess.jpkiCommandWithJvmOptions(
            List.of("-Dsun.security.smartcardio.library=" + missing), "--reader", "0", "doctor");
    TestProcess.Result badLibrary = TestProcess.of(cmd).dir(STACK.work()).run();
    assertTrue(
        badLibrary
            .out()
            .contains(
                "[!!] PC/SC library  "
                    + missing
                    + " (set with -Dsun.security.smartcardio.library; NO SUCH FILE)\n"),
        badLibrary.toString());
  }

  @Test
  void aCardInsertedWhileJpkiWaitsIsUsedAndNoCardTimesOutClearly() throws Exception {
    String expected = onTwin(null, List.of("ssh-key")).out();
    STACK.removeCard();
    try {
      long t0 = System.nanoTime();
      TestProcess.Result none = viaPcsc(null, Map.of(), "--reader", "0", "ssh-key");
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(3, none.exit(), none.toString());
      assertEquals("jpki: no card in reader 'Virtual PCD 00 00' (waited 5 s)\n", none.err());
      assertTrue(millis >= 5000, "gave up after " + millis + " ms");

      Path out = STACK.work().resolve("waiting.out");
      Process waiting =
          new ProcessBuilder(JpkiProcess.jpkiCommand("--reader", "0", "ssh-key"))
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        awaitWaitingForACard(waiting);
        STACK.insertCard();
        assertTrue(waiting.waitFor(30, TimeUnit.SECONDS), "jpki did not finish");
        assertEquals(0, waiting.exitValue());
        assertEquals(expected, Files.readString(out));
      } finally {
        PcscStack.stop(waiting);
      }
    } finally {
      STACK.control("insert"); // whatever happened, leave the card in for the other tests
      STACK.awaitCard(true, 10_000);
    }
  }

  /**
   * Waits (bounded) until the JVM of {@code jpki} is inside PC/SC's wait for a card ({@code
   * SCardGetStatusChange}, seen in its thread dump), so the card is inserted while it waits.
   */
  private static void awaitWaitingForACard(Process jpki) throws Exception {
    String[] main = {""};
    PcscStack.waitFor(
        "jpki waiting in SCardGetStatusChange",
        30_000,
        () -> {
          assertTrue(jpki.isAlive(), () -> "jpki ended before it waited: " + main[0]);
          main[0] = Tools.mainThread(STACK.work(), jpki.pid());
          return main[0].contains("SCardGetStatusChange");
        });
  }
}
