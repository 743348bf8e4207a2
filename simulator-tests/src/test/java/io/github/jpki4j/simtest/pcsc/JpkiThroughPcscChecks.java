package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.sim.ReaderKind;
import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jpki --reader …} through pcscd and vpcd against the served virtual card gives what the
 * same card gives in process, whatever the card's profile: each concrete class serves one profile
 * (a static {@link PcscStack} field) and runs these checks on it. The in-process twin is made by
 * the same {@link PcscStack#initCard}, so it has the same identity and profile.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JpkiThroughPcscChecks {
  /** The running stack of the concrete class (its static {@code @RegisterExtension} field). */
  PcscStack stack;

  /** A second card with the same (deterministic) identity and profile, used in process. */
  Path twin;

  @BeforeAll
  void createTwin(PcscStack stack) throws Exception {
    this.stack = stack;
    twin = stack.work().resolve("twin");
    stack.initCard(twin);
  }

  /** {@code jpki} in this JVM (the simulated card needs no PC/SC). */
  static TestProcess.Result inProcess(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new TestProcess.Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code jpki --simulator=TWIN args} in this JVM. */
  TestProcess.Result onTwin(String stdin, List<String> args) {
    return inProcess(stdin, concat(List.of("--simulator=" + twin), args));
  }

  /**
   * {@code jpki} in a child JVM, on the card in a PC/SC reader; one that does not finish in 60 s
   * fails the test with the stack of its main thread (where in PC/SC it waits).
   */
  TestProcess.Result viaPcsc(String stdin, Map<String, String> env, String... args)
      throws Exception {
    return Tools.runCommand(stack.work(), stdin, env, 60, JpkiProcess.jpkiCommand(args));
  }

  /** {@code jpki --reader 0 args} in a child JVM. */
  TestProcess.Result inReader0(String stdin, List<String> args) throws Exception {
    return inReader0(stdin, Map.of(), List.of(), args);
  }

  /** {@code jpki options --reader 0 args} in a child JVM, with {@code env} added. */
  TestProcess.Result inReader0(
      String stdin, Map<String, String> env, List<String> options, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of("--reader", "0"));
    return viaPcsc(stdin, env, concat(all, args));
  }

  static String[] concat(List<String> first, List<String> rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    return all.toArray(String[]::new);
  }

  /** With jpki's default short reads. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ssh-key", "cert auth", "cert auth-ca", "cert sign-ca", "pin status"})
  void readsAreTheSameAsInProcess(String command) throws Exception {
    List<String> args = List.of(command.split(" "));
    TestProcess.Result pcsc = inReader0(null, args);
    TestProcess.Result local = onTwin(null, args);
    assertEquals(0, pcsc.exit(), () -> args + " through pcscd: " + pcsc);
    assertEquals(0, local.exit(), () -> args + " in process: " + local);
    assertFalse(pcsc.out().isBlank(), args.toString());
    assertEquals(local.out(), pcsc.out(), args.toString());
  }

  /**
   * {@code --extended-apdu} (and {@code JPKI_EXTENDED_APDU=1}) print what the short reads print, in
   * any reader: a short-only reader's refusal of the extended READ BINARY must make jpki fall back,
   * not fail. And what reaches the card: fewer APDUs than with short reads in a reader that carries
   * extended ones; the very same APDUs in a short-only reader, whose refusal never reaches the
   * card.
   *
   * <p>It runs last: if the refused APDU wedged the reader instead of failing the transmit, the
   * other checks of the class must not go down with it.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void extendedReadsGiveTheSameAndReachTheCardOnlyWhereTheReaderCarriesThem() throws Exception {
    String expected = onTwin(null, List.of("ssh-key")).out();
    PcscStack.Stats byFlag = sshKeyStats(List.of("--extended-apdu"), Map.of(), expected);
    PcscStack.Stats byEnv = sshKeyStats(List.of(), Map.of("JPKI_EXTENDED_APDU", "1"), expected);
    PcscStack.Stats shortReads = sshKeyStats(List.of(), Map.of(), expected);
    assertEquals(byFlag, byEnv, "--extended-apdu and JPKI_EXTENDED_APDU=1 read alike");
    if (stack.profile().reader() == ReaderKind.EXTENDED) {
      assertTrue(
          byFlag.apdus() < shortReads.apdus(), "extended " + byFlag + " vs short " + shortReads);
      assertEquals(
          shortReads.bytesFromCard() - 2 * shortReads.apdus(),
          byFlag.bytesFromCard() - 2 * byFlag.apdus(),
          "the same data, less the status words");
    } else {
      assertEquals(shortReads, byFlag, "after the refused extended read, the short reads");
    }
    List<String> cert = List.of("cert", "auth");
    TestProcess.Result pcsc = inReader0(null, Map.of(), List.of("--extended-apdu"), cert);
    assertEquals(0, pcsc.exit(), () -> "--extended-apdu cert auth: " + pcsc);
    assertEquals(onTwin(null, cert).out(), pcsc.out());
  }

  /** {@code jpki options --reader 0 ssh-key}: it prints {@code expected}; what reached the card. */
  private PcscStack.Stats sshKeyStats(
      List<String> options, Map<String, String> env, String expected) throws Exception {
    stack.resetStats();
    TestProcess.Result r = inReader0(null, env, options, List.of("ssh-key"));
    assertEquals(0, r.exit(), () -> options + " " + env + " ssh-key: " + r);
    assertEquals(expected, r.out(), options + " " + env);
    return stack.stats();
  }

  @Test
  void signaturesThroughPcscAreTheInProcessSignatures() throws Exception {
    Path dir = Files.createDirectories(stack.work().resolve("sign"));
    Path twinDir = Files.createDirectories(stack.work().resolve("sign-twin"));
    byte[] content = "the card signs this\n".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("msg.txt"), content);
    Files.write(twinDir.resolve("msg.txt"), content);

    TestProcess.Result pcsc =
        viaPcsc(
            "1234\n",
            Map.of(),
            "--reader",
            PcscStack.READER,
            "sign",
            "-n",
            "file",
            "--pin-stdin",
            dir.resolve("msg.txt").toString());
    assertEquals(0, pcsc.exit(), pcsc.toString());
    TestProcess.Result local =
        onTwin(
            "1234\n",
            List.of("sign", "-n", "file", "--pin-stdin", twinDir.resolve("msg.txt").toString()));
    assertEquals(0, local.exit(), local.toString());
    String sig = Files.readString(dir.resolve("msg.txt.sig"));
    assertTrue(sig.startsWith("-----BEGIN SSH SIGNATURE-----\n"), sig);
    assertEquals(
        Files.readString(twinDir.resolve("msg.txt.sig")),
        sig,
        "RSA PKCS#1 v1.5 is deterministic: the same card signs the same bytes");

    Tools.assertSshSigChecks(dir, dir.resolve("msg.txt"));

    TestProcess.Result pins = inReader0(null, List.of("pin", "status"));
    assertTrue(pins.out().startsWith("auth: 3 of 3 tries left"), pins.toString());
  }

  /**
   * {@code pin verify} through pcscd answers as in process, step by step: both PINs right, a wrong
   * auth PIN (one try spent, exit 5), the counters, and the right PIN again (back to 3).
   */
  @Test
  void pinVerifyAndStatusAreTheSameAsInProcess() throws Exception {
    record Step(String stdin, List<String> args, int exit) {}
    List<Step> steps =
        List.of(
            new Step("1234\n", List.of("pin", "verify", "--pin-stdin"), 0),
            new Step("ABC123\n", List.of("pin", "verify", "sign", "--pin-stdin"), 0),
            new Step("0000\n", List.of("pin", "verify", "auth", "--pin-stdin"), 5),
            new Step(null, List.of("pin", "status"), 0),
            new Step("1234\n", List.of("pin", "verify", "auth", "--pin-stdin"), 0),
            new Step(null, List.of("pin", "status"), 0));
    List<String> outputs = new ArrayList<>();
    try {
      for (Step step : steps) {
        TestProcess.Result pcsc = inReader0(step.stdin(), step.args());
        TestProcess.Result local = onTwin(step.stdin(), step.args());
        assertEquals(step.exit(), pcsc.exit(), () -> step + " through pcscd: " + pcsc);
        assertEquals(step.exit(), local.exit(), () -> step + " in process: " + local);
        assertEquals(local.out(), pcsc.out(), step.toString());
        assertEquals(local.err(), pcsc.err(), step.toString());
        outputs.add(pcsc.out() + pcsc.err());
      }
    } finally { // whatever happened, 3 tries again for the other tests
      inReader0("1234\n", steps.get(0).args());
      onTwin("1234\n", steps.get(0).args());
    }
    assertEquals("auth: correct; 3 of 3 tries left\n", outputs.get(0));
    assertEquals("sign: correct; 5 of 5 tries left\n", outputs.get(1));
    assertEquals("jpki: wrong auth PIN: 2 tries left\n", outputs.get(2));
    assertTrue(outputs.get(3).startsWith("auth: 2 of 3 tries left"), outputs.get(3));
    assertTrue(outputs.get(5).startsWith("auth: 3 of 3 tries left"), outputs.get(5));
  }

  @Test
  void readersListsTheVirtualReaderAndDoctorChecksEveryLayer() throws Exception {
    TestProcess.Result readers = viaPcsc(null, Map.of(), "readers");
    assertEquals(0, readers.exit(), readers.toString());
    assertTrue(
        readers
            .out()
            .contains(
                "0: Virtual PCD 00 00  ATR "
                    + stack.atrText()
                    + "  JPKI found (My Number Card)  SHA256:"),
        readers.out());
    // the card's name, expiry and signature key (checked exactly in SeveralCardsThroughPcscTest)
    assertTrue(
        readers
            .out()
            .matches(
                "(?s)0: [^\n]*  auth certificate until \\d{4}-\\d\\d-\\d\\d  signature key: yes\n.*"),
        readers.out());
    assertTrue(readers.out().contains("1: Virtual PCD 00 01  no card\n"), readers.out());

    TestProcess.Result doctor =
        viaPcsc("1234\n", Map.of(), "--reader", "PCD 00 00", "doctor", "--sign", "--pin-stdin");
    assertEquals(0, doctor.exit(), doctor.toString());
    String o = doctor.out();
    assertTrue(o.matches("(?s).*\\[ok] PC/SC library  \\S*libpcsclite\\S* \\(.*\\)\n.*"), o);
    assertTrue(o.contains("[ok] PC/SC service  running\n"), o);
    assertTrue(o.contains("[ok] Readers        0: Virtual PCD 00 00  card present\n"), o);
    assertTrue(
        o.contains("[ok] Card           reader 'Virtual PCD 00 00', ATR " + stack.atrText()), o);
    assertTrue(o.contains("[ok] JPKI AP        selected in "), o);
    assertTrue(o.contains("[ok] Auth PIN       3 of 3 tries left\n"), o);
    assertTrue(o.contains("[ok] Sign password  5 of 5 tries left\n"), o);
    assertTrue(
        o.matches(
            "(?s).*\\[ok] Certificate    auth, valid until \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ days left\\); read in [\\d.]+ ms, 7 APDUs\n.*"),
        o);
    assertTrue(
        o.matches(
            "(?s).*\\[ok] Signature      auth key, RSA PKCS#1 v1\\.5 SHA-256: "
                + "[\\d.]+ ms \\(2 APDUs, checked with the certificate's key\\); PIN verified in "
                + "[\\d.]+ ms\n.*"),
        o);
  }
}
