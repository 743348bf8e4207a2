package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jpki command on every card profile (each card kind, each reader kind, each quirk alone), in
 * process on a persistent simulated card: each command opens the card afresh, so every command
 * meets the card just after power-up, as a new process does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EveryProfileCliTest {
  @TempDir Path dir;

  static List<CardProfile> profiles() {
    return CardProfile.each();
  }

  private TestProcess.Result jpki(String stdin, String... args) {
    return InProcessJpki.run(dir.resolve("card"), stdin, args);
  }

  private TestProcess.Result ok(String stdin, String... args) {
    return InProcessJpki.ok(dir.resolve("card"), stdin, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void everyCommandWorksAndSaysWhatTheCardIs(CardProfile profile) throws Exception {
    TestIdentity id = TestIdentity.defaultIdentity();
    assertTrue(
        ok(null, "sim", "init", "--profile", profile.toString())
            .out()
            .contains("profile:             " + profile + "\n"));
    assertEquals(profile + "\n", ok(null, "sim", "profile").out());

    String key = ok(null, "ssh-key").out();
    assertTrue(
        key.startsWith(
            RsaSshPublicKey.of(id.authPublicKey()).toAuthorizedKeysLine("").strip() + " "),
        key);
    assertTrue(ok(null, "cert", "auth").out().startsWith("-----BEGIN CERTIFICATE-----"));
    assertTrue(
        ok(null, "--extended-apdu", "ssh-key").out().equals(key),
        "extended reads give the same key (or fall back to short reads)");

    assertTrue(ok(null, "pin", "status").out().startsWith("auth: 3 of 3 tries left"));
    assertTrue(
        ok("1234\n", "pin", "verify", "auth", "--pin-stdin").out().startsWith("auth: correct"));

    Path file = Files.writeString(dir.resolve("report.txt"), "signed on " + profile + "\n");
    ok("1234\n", "sign", "-n", "file", "--pin-stdin", file.toString());
    SshSig sig = SshSig.fromArmor(Files.readString(dir.resolve("report.txt.sig")));
    assertEquals(
        RsaSshPublicKey.of(id.authPublicKey()), sig.verify(Files.readAllBytes(file), "file"));

    TestProcess.Result sign = jpki("ABC123\n", "cert", "sign", "--pin-stdin");
    if (!profile.hasSignatureKeyPair()) {
      assertEquals(1, sign.exit(), sign.toString());
      assertTrue(
          sign.err().contains("no signature key on this card") && sign.err().contains("under 15"),
          sign.err());
      assertEquals(1, sign.err().strip().lines().count(), "one sentence: " + sign.err());
      assertFalse(sign.err().contains("6A82"), sign.err());
      TestProcess.Result signWithIt =
          jpki("ABC123\n", "sign", "--key", "sign", "-n", "file", "--pin-stdin", file.toString());
      assertEquals(sign.err(), signWithIt.err(), "asked before any password: " + signWithIt);
    } else {
      assertEquals(0, sign.exit(), sign.toString());
      assertTrue(sign.out().startsWith("-----BEGIN CERTIFICATE-----"));
    }
    assertTrue(
        ok(null, "pin", "status")
            .out()
            .contains(
                profile.hasSignatureKeyPair()
                    ? "sign: 5 of 5 tries left"
                    : "sign: no signature key on this card"),
        "no try was spent on any profile");
  }
}
