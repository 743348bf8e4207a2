package io.github.jpki4j.simtest;

import static io.github.jpki4j.simtest.JpkiProcess.jpki;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jpki} command in child processes, on the persistent simulated card, checked with the
 * real ssh-keygen and git.
 */
@RequiresTools({ExternalTool.SSH_KEYGEN, ExternalTool.GIT, ExternalTool.SCRIPT})
class JpkiCommandTest {
  @TempDir static Path shared;
  static Path card;

  @BeforeAll
  static void createCard() throws Exception {
    card = shared.resolve("card");
    Result r = jpki(card, null, "pin", "status");
    assertEquals(0, r.exit(), r.toString());
  }

  private static X509Certificate authCertificate(Path simulator) throws Exception {
    Result pem = jpki(simulator, null, "cert", "auth");
    assertEquals(0, pem.exit(), pem.toString());
    assertTrue(pem.out().startsWith("-----BEGIN CERTIFICATE-----\n"), pem.out());
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(pem.out().getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void sshKeyLineIsAcceptedBySshKeygenAndIsTheCertificatesKey() throws Exception {
    Result r = jpki(card, null, "ssh-key");
    assertEquals(0, r.exit(), r.toString());
    String line = r.out().strip();
    assertEquals(1, r.out().lines().count());
    assertTrue(line.startsWith("ssh-rsa AAAA"), line);
    assertTrue(line.matches(".* mynumbercard-jpki-auth expires \\d{4}-\\d{2}-\\d{2}"), line);

    RsaSshPublicKey fromCert =
        RsaSshPublicKey.of((RSAPublicKey) authCertificate(card).getPublicKey());
    assertEquals(fromCert, RsaSshPublicKey.parse(line));

    Path pub = shared.resolve("card.pub");
    Files.writeString(pub, line + "\n");
    Result l = TestProcess.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()).run();
    assertEquals(0, l.exit(), l.toString());
    assertTrue(l.out().startsWith("2048 " + fromCert.fingerprintSha256() + " "), l.out());

    Result opt = jpki(card, null, "ssh-key", "--expiry-option", "--comment", "me@card");
    assertEquals(0, opt.exit(), opt.toString());
    assertTrue(opt.out().matches("expiry-time=\"\\d{8}\" ssh-rsa AAAA\\S+ me@card\\n"), opt.out());
    Path ak = shared.resolve("authorized_keys");
    Files.writeString(ak, opt.out());
    Result l2 = TestProcess.of("ssh-keygen", "-l", "-f", ak.toString()).run();
    assertEquals(0, l2.exit(), l2.toString());
  }

  @Test
  void signedFilesVerifyWithSshKeygen() throws Exception {
    Path file = shared.resolve("report.txt");
    Files.writeString(file, "a report worth signing\n");
    Result s = jpki(card, "1234\n", "sign", "-n", "file", "--pin-stdin", file.toString());
    assertEquals(0, s.exit(), s.toString());
    Path sig = shared.resolve("report.txt.sig");
    assertTrue(Files.readString(sig).startsWith("-----BEGIN SSH SIGNATURE-----\n"));

    String key = jpki(card, null, "ssh-key").out().strip();
    Path allowed = shared.resolve("allowed_signers");
    Files.writeString(allowed, "me@example.jp " + key + "\n");
    Result v =
        TestProcess.of(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                allowed.toString(),
                "-I",
                "me@example.jp",
                "-n",
                "file",
                "-s",
                sig.toString())
            .stdin("a report worth signing\n")
            .run();
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.out().contains("Good \"file\" signature for me@example.jp"), v.toString());

    // the wrong namespace or another message fails
    Result wrongNs =
        TestProcess.of(
                "ssh-keygen",
                "-Y",
                "verify",
                "-f",
                allowed.toString(),
                "-I",
                "me@example.jp",
                "-n",
                "git",
                "-s",
                sig.toString())
            .stdin("a report worth signing\n")
            .run();
    assertTrue(wrongNs.exit() != 0, wrongNs.toString());
    // and our own verifier agrees with ssh-keygen
    SshSig parsed = SshSig.fromArmor(Files.readString(sig));
    assertEquals(RsaSshPublicKey.parse(key), parsed.verify(Files.readAllBytes(file), "file"));
  }

  @Test
  void signingStandardInputWithAPinentryWritesToStandardOutput(@TempDir Path tmp) throws Exception {
    FakePinentry pinentry = FakePinentry.in(tmp.resolve("pinentry"), "1234");
    Result s =
        TestProcess.of(JpkiProcess.jpkiCommand("--simulator=" + card, "sign", "-n", "file"))
            .stdin("message on stdin")
            .env(Map.of("JPKI_PINENTRY", pinentry.program().toString()))
            .run();
    assertEquals(0, s.exit(), s.toString());
    SshSig sig = SshSig.fromArmor(s.out());
    sig.verify("message on stdin".getBytes(StandardCharsets.UTF_8), "file");
    String dialogue = String.join("\n", pinentry.received());
    assertTrue(dialogue.contains("tries left"), dialogue);
    assertFalse(dialogue.contains("1234"), "the PIN is never sent to pinentry");
  }

  @Test
  void gitSignsCommitsWithTheCardAsGpgSshProgram(@TempDir Path tmp) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    FakePinentry pinentry = FakePinentry.in(tmp.resolve("pinentry"), "1234");
    Path program = JpkiProcess.jpkiScript(tmp);
    String key = jpki(card, null, "ssh-key").out().strip();
    Path pub = tmp.resolve("card.pub");
    Files.writeString(pub, key + "\n");
    Path allowed = tmp.resolve("allowed_signers");
    Files.writeString(allowed, "tester@example.jp " + key + "\n");
    Map<String, String> env =
        Map.of(
            "JPKI_SIMULATOR",
            card.toString(),
            "JPKI_PINENTRY",
            pinentry.program().toString(),
            "HOME",
            tmp.toString(),
            "GIT_CONFIG_NOSYSTEM",
            "1");
    String[][] steps = {
      {"git", "init", "-q", "."},
      {"git", "config", "user.name", "Tester"},
      {"git", "config", "user.email", "tester@example.jp"},
      {"git", "config", "gpg.format", "ssh"},
      {"git", "config", "user.signingkey", pub.toString()},
      {"git", "config", "gpg.ssh.program", program.toString()},
      {"git", "config", "gpg.ssh.allowedSignersFile", allowed.toString()},
      {"git", "commit", "-q", "-S", "--allow-empty", "-m", "signed by a My Number Card"},
    };
    for (String[] step : steps) {
      Result r = TestProcess.of(List.of(step)).env(env).dir(repo).run();
      assertEquals(0, r.exit(), String.join(" ", step) + "\n" + r);
    }
    Result v = TestProcess.of("git", "verify-commit", "-v", "HEAD").env(env).dir(repo).run();
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.err().contains("Good \"git\" signature for tester@example.jp"), v.toString());
  }

  @Test
  void otherKeysAndVerificationAreHandedToSshKeygen(@TempDir Path tmp) throws Exception {
    Path key = tmp.resolve("plain");
    assertEquals(
        0,
        TestProcess.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
            .run()
            .exit());
    Path msg = tmp.resolve("msg");
    Files.writeString(msg, "hello");
    Result s =
        TestProcess.of(
                JpkiProcess.jpkiCommand(
                    "-Y", "sign", "-n", "file", "-f", key.toString(), msg.toString()))
            .env(Map.of("JPKI_SIMULATOR", card.toString()))
            .run();
    assertEquals(0, s.exit(), s.toString());
    Path allowed = tmp.resolve("allowed");
    Files.writeString(allowed, "x@y " + Files.readString(tmp.resolve("plain.pub")));
    Result v =
        TestProcess.of(
                JpkiProcess.jpkiCommand(
                    "-Y",
                    "verify",
                    "-f",
                    allowed.toString(),
                    "-I",
                    "x@y",
                    "-n",
                    "file",
                    "-s",
                    msg + ".sig"))
            .stdin("hello")
            .run();
    assertEquals(0, v.exit(), v.toString());
  }

  @Test
  void theSignatureKeyIsUsedOnlyWhenAskedForByName(@TempDir Path tmp) throws Exception {
    Path sim = tmp.resolve("card");
    Path file = tmp.resolve("contract.txt");
    Files.writeString(file, "binding");
    Result s =
        jpki(
            sim, "ABC123\n", "sign", "--key", "sign", "-n", "file", "--pin-stdin", file.toString());
    assertEquals(0, s.exit(), s.toString());
    assertTrue(s.err().contains("DIGITAL SIGNATURE key"), s.err());
    Result pem = jpki(sim, "ABC123\n", "cert", "sign", "--pin-stdin");
    X509Certificate signCert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.out().getBytes(StandardCharsets.US_ASCII)));
    RsaSshPublicKey signer =
        SshSig.fromArmor(Files.readString(tmp.resolve("contract.txt.sig")))
            .verify(Files.readAllBytes(file), "file");
    assertEquals(RsaSshPublicKey.of((RSAPublicKey) signCert.getPublicKey()), signer);
    RsaSshPublicKey auth = RsaSshPublicKey.of((RSAPublicKey) authCertificate(sim).getPublicKey());
    assertFalse(signer.equals(auth), "the signature key is not the SSH key");
  }

  @Test
  void theSignatureCertificateNeedsItsPasswordAndWarns(@TempDir Path tmp) throws Exception {
    Path sim = tmp.resolve("card");
    Result wrong = jpki(sim, "ABC124\n", "cert", "sign", "--pin-stdin");
    assertEquals(5, wrong.exit(), wrong.toString());
    assertTrue(wrong.err().contains("name, address"), wrong.err());
    assertTrue(wrong.err().contains("4 tries left"), wrong.err());
    Result ok = jpki(sim, "abc123\n", "cert", "sign", "--pin-stdin", "--format", "text");
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.err().contains("lower-case letters were converted"), ok.err());
    assertTrue(
        ok.out().contains("Holder (personal data") && ok.out().contains("Birth date:"), ok.out());
    // the simulated card's CA is a test root: the text says the chain is not J-LIS's
    assertTrue(
        ok.out()
            .contains(
                "\nChains to:   not a J-LIS root: it ends in "
                    + TestIdentity.defaultIdentity()
                        .signCaCertificate()
                        .getSubjectX500Principal()
                        .getName()
                    + ", which jpki does not trust\n"),
        ok.out());
  }

  @Test
  void statusSaysTheAuthCertificateEndsInATestRootAndWhenItExpires() throws Exception {
    Result r = jpki(card, null, "status");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("\n  valid:        20"), r.out());
    assertTrue(
        r.out()
            .contains(
                "\n  chains to:    not a J-LIS root: it ends in "
                    + TestIdentity.defaultIdentity()
                        .authCaCertificate()
                        .getSubjectX500Principal()
                        .getName()
                    + ", which jpki does not trust\n"),
        r.out());
  }

  @Test
  void theTerminalPromptShowsTheTriesLeftAndDoesNotEcho(@TempDir Path tmp) throws Exception {
    Path sim = tmp.resolve("card");
    assertEquals(5, jpki(sim, "0000\n", "pin", "verify", "--pin-stdin").exit());
    // script(1) gives jpki a terminal, so the PIN is read from the console
    StringBuilder command = new StringBuilder();
    for (String part : JpkiProcess.jpkiCommand("--simulator=" + sim, "pin", "verify")) {
      command.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Process p =
        new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
            .redirectErrorStream(true)
            .start();
    StringBuilder seen = new StringBuilder();
    try (var out = p.getInputStream();
        var in = p.getOutputStream()) {
      String prompt = "Auth PIN (4 digits, 2 of 3 tries left): ";
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (seen.indexOf(prompt) < 0) {
        int c = out.read();
        assertTrue(c >= 0 && System.nanoTime() < deadline, "no prompt: " + seen);
        seen.append((char) c);
      }
      in.write("1234\n".getBytes(StandardCharsets.US_ASCII));
      in.flush();
      seen.append(new String(out.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertEquals(0, p.exitValue(), seen.toString());
    assertTrue(seen.toString().contains("auth: correct"), seen.toString());
    assertFalse(seen.toString().contains("1234"), "the PIN was echoed: " + seen);
  }

  @Test
  void mistakesGiveOneClearLineAndAnExitCode(@TempDir Path tmp) throws Exception {
    Result missing =
        jpki(card, "1234\n", "sign", "-n", "file", "--pin-stdin", tmp.resolve("nope").toString());
    assertEquals(1, missing.exit(), missing.toString());
    assertEquals("jpki: no such file: " + tmp.resolve("nope") + "\n", missing.err());

    Result bad = jpki(card, null, "cert", "everything");
    assertEquals(2, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("'everything' is not a certificate"), bad.err());

    Result none = jpki(card, null);
    assertEquals(2, none.exit(), none.toString());
    assertTrue(none.err().startsWith("Usage: jpki "), none.err());
    for (String[] help :
        new String[][] {
          {"--help"}, {"pin", "verify", "--help"}, {"sign", "-h"}, {"agent", "--help"}
        }) {
      Result h = jpki(card, null, help);
      assertEquals(0, h.exit(), h.toString());
      assertTrue(h.out().startsWith("Usage: jpki"), h.out());
    }

    Result noNs = jpki(card, null, "sign");
    assertEquals(2, noNs.exit(), noNs.toString());

    // no PC/SC service or no reader here: exit 3, one line, no stack trace
    Result reader = TestProcess.of(JpkiProcess.jpkiCommand("--reader", "7", "ssh-key")).run();
    assertEquals(3, reader.exit(), reader.toString());
    assertEquals(1, reader.err().lines().count(), reader.err());
    assertFalse(reader.err().contains("Exception"), reader.err());
  }
}
