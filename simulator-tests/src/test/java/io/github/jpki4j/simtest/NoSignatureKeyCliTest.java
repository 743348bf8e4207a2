package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jpki command on cards without the whole signature side (a holder under 15: each missing part
 * alone, and together), in process on a persistent simulated card. What shows the card works and
 * says the one sentence where the signature side would be; what needs the signature key refuses
 * with that sentence before any password is read or any consent is asked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoSignatureKeyCliTest {
  private static final String SENTENCE = NoSignatureKeyException.MESSAGE;

  @TempDir Path dir;

  static List<CardProfile> profiles() {
    return CardProfile.eachWithoutSignatureKeyPair();
  }

  private TestProcess.Result jpki(String stdin, String... args) {
    return InProcessJpki.run(dir.resolve("card"), stdin, args);
  }

  private TestProcess.Result ok(String stdin, String... args) {
    return InProcessJpki.ok(dir.resolve("card"), stdin, args);
  }

  /** A command that shows the card: exit 0, nothing on stderr. */
  private String shows(String... args) {
    TestProcess.Result r = ok(null, args);
    assertEquals("", r.err(), String.join(" ", args) + ": nothing on stderr");
    return r.out();
  }

  /** The card's own counters, as the simulator persists them. */
  private Properties state() throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("card").resolve("state.properties"))) {
      p.load(r);
    }
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void whatShowsTheCardWorksAndSaysSo(CardProfile profile) throws Exception {
    String init = ok(null, "sim", "init", "--profile", profile.toString()).out();
    assertTrue(init.contains("  signature password:  " + SENTENCE + "\n"), init);

    assertTrue(shows("readers").contains("JPKI found"));

    String status = shows("status");
    assertTrue(status.contains("Auth PIN:       3 of 3 tries left\n"), status);
    assertTrue(status.contains("Sign password:  " + SENTENCE + "\n"), status);
    assertTrue(
        status.contains(
            RsaSshPublicKey.of(TestIdentity.defaultIdentity().authPublicKey()).fingerprintSha256()),
        status);

    String doctor = shows("doctor");
    assertTrue(doctor.contains("[ok] Auth PIN       3 of 3 tries left\n"), doctor);
    assertTrue(doctor.contains("[--] Sign password  " + SENTENCE + "\n"), doctor);
    assertTrue(doctor.contains("[ok] Certificate    auth, valid until"), doctor);
    assertFalse(doctor.contains("[!!]"), doctor);

    assertEquals(
        "auth: 3 of 3 tries left  [auth PIN, 4 digits]\nsign: " + SENTENCE + "\n",
        shows("pin", "status"));

    // the auth side is whole
    ok("1234\n", "pin", "verify", "auth", "--pin-stdin");
    Path file = Files.writeString(dir.resolve("report.txt"), "signed on " + profile + "\n");
    ok("1234\n", "sign", "-n", "file", "--pin-stdin", file.toString());
    assertTrue(Files.exists(dir.resolve("report.txt.sig")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void whatNeedsTheSignatureKeyRefusesBeforeAnyPassword(CardProfile profile) throws Exception {
    ok(null, "sim", "init", "--profile", profile.toString());
    String signTries = state().getProperty("sign.triesLeft");
    Path file = Files.writeString(dir.resolve("contract.txt"), "I agree\n");
    List<List<String>> commands =
        List.of(
            List.of("cert", "sign", "--pin-stdin"),
            List.of("cert", "sign-ca"),
            List.of("sign", "--key", "sign", "-n", "file", "--pin-stdin", file.toString()),
            List.of("cms", "sign", "--pin-stdin", file.toString()),
            List.of("cms", "sign", "--share-personal-data", "--pin-stdin", file.toString()),
            List.of("pin", "verify", "sign", "--pin-stdin"));
    for (List<String> command : commands) {
      // a wrong password on stdin: had it been read and sent, it would cost a try
      TestProcess.Result r = jpki("WRONG1\n", command.toArray(String[]::new));
      String what = String.join(" ", command) + " on " + profile + ": " + r;
      assertEquals(1, r.exit(), what);
      assertEquals("jpki: " + SENTENCE + "\n", r.err(), "one sentence, nothing asked: " + what);
      assertEquals("", r.out(), what);
    }
    assertEquals(signTries, state().getProperty("sign.triesLeft"), "no try was spent");
    assertEquals("3", state().getProperty("auth.triesLeft"));
    assertFalse(Files.exists(dir.resolve("contract.txt.sig")));
    assertFalse(Files.exists(dir.resolve("contract.txt.p7s")));
  }
}
