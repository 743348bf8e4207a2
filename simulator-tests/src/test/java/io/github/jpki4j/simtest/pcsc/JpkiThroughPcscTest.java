package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.simtest.JpkiProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpki --reader …} through pcscd and vpcd against the served virtual card gives what the
 * same card gives in process; the PC/SC driver lists, chooses, waits, and fails clearly.
 */
class JpkiThroughPcscTest {
  @RegisterExtension static final PcscStack STACK = new PcscStack();

  /** A second card with the same (deterministic) identity, used in process. */
  static Path twin;

  @BeforeAll
  static void createTwin() throws Exception {
    twin = STACK.work().resolve("twin");
    JpkiProcess.Result r = inProcess(null, "--simulator=" + twin, "pin", "status");
    assertEquals(0, r.exit(), r.toString());
  }

  /** {@code jpki} in this JVM (the simulated card needs no PC/SC). */
  static JpkiProcess.Result inProcess(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(
            (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    return new JpkiProcess.Result(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** {@code jpki} in a child JVM, on the card in a PC/SC reader. */
  static JpkiProcess.Result viaPcsc(String stdin, Map<String, String> env, String... args)
      throws Exception {
    return JpkiProcess.run(JpkiProcess.jpkiCommand(args), stdin, env, STACK.work());
  }

  private static String[] concat(List<String> first, List<String> rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    return all.toArray(String[]::new);
  }

  @Test
  void sshKeyCertificatesAndPinStatusAreTheSameAsInProcess() throws Exception {
    for (List<String> args : List.of(List.of("ssh-key"), List.of("cert", "auth"),
        List.of("cert", "auth-ca"), List.of("cert", "sign-ca"), List.of("pin", "status"))) {
      JpkiProcess.Result pcsc = viaPcsc(null, Map.of(), concat(List.of("--reader", "0"), args));
      JpkiProcess.Result local = inProcess(null, concat(List.of("--simulator=" + twin), args));
      assertEquals(0, pcsc.exit(), args + " through pcscd: " + pcsc);
      assertEquals(0, local.exit(), args + " in process: " + local);
      assertFalse(pcsc.out().isBlank(), args.toString());
      assertEquals(local.out(), pcsc.out(), args.toString());
    }
  }

  @Test
  void signaturesThroughPcscAreTheInProcessSignatures() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("sign"));
    Path twinDir = Files.createDirectories(STACK.work().resolve("sign-twin"));
    byte[] content = "the card signs this\n".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("msg.txt"), content);
    Files.write(twinDir.resolve("msg.txt"), content);

    JpkiProcess.Result pcsc = viaPcsc("1234\n", Map.of(), "--reader", "Virtual PCD 00 00",
        "sign", "-n", "file", "--pin-stdin", dir.resolve("msg.txt").toString());
    assertEquals(0, pcsc.exit(), pcsc.toString());
    JpkiProcess.Result local = inProcess("1234\n", "--simulator=" + twin, "sign", "-n", "file",
        "--pin-stdin", twinDir.resolve("msg.txt").toString());
    assertEquals(0, local.exit(), local.toString());
    String sig = Files.readString(dir.resolve("msg.txt.sig"));
    assertTrue(sig.startsWith("-----BEGIN SSH SIGNATURE-----\n"), sig);
    assertEquals(Files.readString(twinDir.resolve("msg.txt.sig")), sig,
        "RSA PKCS#1 v1.5 is deterministic: the same card signs the same bytes");

    Tools.run(dir, new String(content, StandardCharsets.UTF_8), Map.of(), 30, "ssh-keygen",
        "-Y", "check-novalidate", "-n", "file", "-s", dir.resolve("msg.txt.sig").toString())
        .assertOk("ssh-keygen -Y check-novalidate");

    JpkiProcess.Result pins = viaPcsc(null, Map.of(), "--reader", "0", "pin", "status");
    assertTrue(pins.out().startsWith("auth: 3 of 3 tries left"), pins.toString());
  }

  @Test
  void readersListsTheVirtualReaderAndDoctorChecksEveryLayer() throws Exception {
    JpkiProcess.Result readers = viaPcsc(null, Map.of(), "readers");
    assertEquals(0, readers.exit(), readers.toString());
    assertTrue(readers.out().contains("0: Virtual PCD 00 00  ATR 3B DA 13 FF 81 31 FB 46 80 12 39"
        + " 2F 31 C1 73 C6 01 C0 3B  JPKI found (My Number Card)\n"), readers.out());
    assertTrue(readers.out().contains("1: Virtual PCD 00 01  no card\n"), readers.out());

    JpkiProcess.Result doctor = viaPcsc("1234\n", Map.of(), "--reader", "PCD 00 00", "doctor",
        "--sign", "--pin-stdin");
    assertEquals(0, doctor.exit(), doctor.toString());
    String o = doctor.out();
    assertTrue(o.matches("(?s).*\\[ok] PC/SC library  \\S*libpcsclite\\S* \\(.*\\)\n.*"), o);
    assertTrue(o.contains("[ok] PC/SC service  running\n"), o);
    assertTrue(o.contains("[ok] Readers        0: Virtual PCD 00 00  card present\n"), o);
    assertTrue(o.contains("[ok] Card           reader 'Virtual PCD 00 00', ATR 3B DA 13"), o);
    assertTrue(o.contains("[ok] JPKI AP        selected in "), o);
    assertTrue(o.contains("[ok] Auth PIN       3 of 3 tries left\n"), o);
    assertTrue(o.contains("[ok] Sign password  5 of 5 tries left\n"), o);
    assertTrue(o.matches("(?s).*\\[ok] Certificate    auth, valid until \\d{4}-\\d\\d-\\d\\d "
        + "\\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ days left\\); read in [\\d.]+ ms, 7 APDUs\n.*"), o);
    assertTrue(o.matches("(?s).*\\[ok] Signature      auth key, RSA PKCS#1 v1\\.5 SHA-256: "
        + "[\\d.]+ ms \\(2 APDUs, checked with the certificate's key\\); PIN verified in "
        + "[\\d.]+ ms\n.*"), o);
  }

  @Test
  void noServiceIsAClearErrorAndAMissingLibraryIsReported() throws Exception {
    Map<String, String> noService = Map.of("PCSCLITE_CSOCK_NAME",
        STACK.work().resolve("no-such-pcscd.comm").toString());
    JpkiProcess.Result readers = viaPcsc(null, noService, "readers");
    assertEquals(3, readers.exit(), readers.toString());
    assertTrue(readers.err().startsWith("jpki: the PC/SC service is not running (start pcscd"),
        readers.toString());
    JpkiProcess.Result doctor = viaPcsc(null, noService, "doctor");
    assertEquals(3, doctor.exit(), doctor.toString());
    assertTrue(doctor.out().contains("[!!] PC/SC service  the PC/SC service is not running"),
        doctor.toString());

    // A library that does not exist: doctor says so. (Whether the JDK then fails depends on
    // the JDK: Debian's falls back to libpcsclite.so.1 by itself. CardReadersTest checks the
    // message of a JDK that fails.)
    String missing = STACK.work().resolve("nowhere/libpcsclite.so.1").toString();
    List<String> cmd = JpkiProcess.jpkiCommandWithJvmOptions(
        List.of("-Dsun.security.smartcardio.library=" + missing), "--reader", "0", "doctor");
    JpkiProcess.Result badLibrary = JpkiProcess.run(cmd, null, Map.of(), STACK.work());
    assertTrue(badLibrary.out().contains("[!!] PC/SC library  " + missing
        + " (set with -Dsun.security.smartcardio.library; NO SUCH FILE)\n"), badLibrary.toString());
  }

  @Test
  void aCardInsertedWhileJpkiWaitsIsUsedAndNoCardTimesOutClearly() throws Exception {
    String expected = inProcess(null, "--simulator=" + twin, "ssh-key").out();
    STACK.removeCard();
    try {
      long t0 = System.nanoTime();
      JpkiProcess.Result none = viaPcsc(null, Map.of(), "--reader", "0", "ssh-key");
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(3, none.exit(), none.toString());
      assertEquals("jpki: no card in reader 'Virtual PCD 00 00' (waited 5 s)\n", none.err());
      assertTrue(millis >= 5000, "gave up after " + millis + " ms");

      Path out = STACK.work().resolve("waiting.out");
      Process waiting = new ProcessBuilder(JpkiProcess.jpkiCommand("--reader", "0", "ssh-key"))
          .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        Thread.sleep(1500);
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
}
