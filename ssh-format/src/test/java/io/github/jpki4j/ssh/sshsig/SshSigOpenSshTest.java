package io.github.jpki4j.ssh.sshsig;

import static io.github.jpki4j.ssh.testing.OpenSsh.sshKeygen;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.SshWriter;
import io.github.jpki4j.ssh.sshsig.SshSigVerificationException.Reason;
import io.github.jpki4j.ssh.testing.OpenSsh;
import io.github.jpki4j.ssh.testing.OpenSsh.RsaTestKey;
import io.github.jpki4j.ssh.testing.TestKeys;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSHSIG against ssh-keygen -Y: byte-identical armor for the same key, namespace and message
 * (PKCS#1 v1.5 is deterministic), and each side verifies the other's signatures.
 */
@RequiresTools({ExternalTool.SSH_KEYGEN})
class SshSigOpenSshTest {
  @TempDir static Path dir;
  static RsaTestKey k;
  static RsaSshPublicKey key;
  static Path message;

  @BeforeAll
  static void setUp() throws Exception {
    k = OpenSsh.generateRsaKey(dir, "k", "signer");
    key = RsaSshPublicKey.of(k.publicKey());
    message = dir.resolve("message.txt");
    Files.writeString(message, "Hello, My Number Card!\n");
    Files.writeString(
        dir.resolve("allowed_signers"), "me@example " + key.toAuthorizedKeysLine(null) + "\n");
  }

  /** Our two-step API with the JDK key standing in for the card. */
  static SshSig ourSignature(String namespace, SshSigHash hash, Path file) throws Exception {
    byte[] toSign;
    try (InputStream in = Files.newInputStream(file)) {
      toSign = SshSig.signedData(namespace, hash, in);
    }
    byte[] raw = TestKeys.sign(k.privateKey(), SshSig.DEFAULT_SIGNATURE_ALGORITHM, toSign);
    return SshSig.of(
        key, namespace, hash, SshSignature.of(SshSig.DEFAULT_SIGNATURE_ALGORITHM, raw, key));
  }

  static String sshKeygenSign(String namespace, Path file, String... extra) throws Exception {
    Path sig = Path.of(file + ".sig");
    Files.deleteIfExists(sig);
    String[] args = {"-Y", "sign", "-f", k.privateKeyFile().toString(), "-n", namespace};
    String[] all = Arrays.copyOf(args, args.length + extra.length + 1);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    all[all.length - 1] = file.toString();
    sshKeygen(dir, all).assertOk("ssh-keygen -Y sign");
    return Files.readString(sig, StandardCharsets.US_ASCII);
  }

  static Result sshKeygenVerify(String namespace, Path file, String armored) throws Exception {
    Path sig = dir.resolve("ours.sig");
    Files.writeString(sig, armored, StandardCharsets.US_ASCII);
    return OpenSsh.run(
        dir,
        Files.readAllBytes(file),
        Map.of(),
        "ssh-keygen",
        "-Y",
        "verify",
        "-f",
        dir.resolve("allowed_signers").toString(),
        "-I",
        "me@example",
        "-n",
        namespace,
        "-s",
        sig.toString());
  }

  @Test
  void ourArmorIsByteIdenticalToSshKeygens() throws Exception {
    String theirs = sshKeygenSign("file", message);
    assertEquals(theirs, ourSignature("file", SshSigHash.SHA512, message).armor());
  }

  @Test
  void byteIdenticalWithSha256Too() throws Exception {
    String theirs = sshKeygenSign("git", message, "-O", "hashalg=sha256");
    SshSig ours = ourSignature("git", SshSigHash.SHA256, message);
    assertEquals(theirs, ours.armor());
    assertEquals(
        SshSignatureAlgorithm.RSA_SHA2_512,
        ours.signature().algorithm(),
        "ssh-keygen signs RSA with rsa-sha2-512 whatever the message hash");
  }

  @Test
  void byteIdenticalWhenBase64FillsTheLastLineExactly() throws Exception {
    // find a namespace length for which the base64 is a multiple of 70 columns
    SshSignature dummy = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, new byte[256], key);
    String ns = null;
    for (int len = 1; len < 200 && ns == null; len++) {
      String candidate = "n".repeat(len);
      String armor = SshSig.of(key, candidate, SshSigHash.SHA512, dummy).armor();
      String b64 = armor.substring(armor.indexOf('\n') + 1, armor.indexOf("-----END"));
      if (b64.replace("\n", "").length() % 70 == 0) {
        ns = candidate;
      }
    }
    assertTrue(ns != null);
    assertEquals(sshKeygenSign(ns, message), ourSignature(ns, SshSigHash.SHA512, message).armor());
  }

  @Test
  void largeFileIsHashedAsAStreamAndStillMatches() throws Exception {
    Path big = dir.resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(42).nextBytes(chunk);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 24; i++) {
        out.write(chunk);
      }
      out.write(chunk, 0, 12345);
    }
    assertEquals(sshKeygenSign("file", big), ourSignature("file", SshSigHash.SHA512, big).armor());
  }

  @Test
  void sshKeygenVerifiesOurSignature() throws Exception {
    String armored = ourSignature("file", SshSigHash.SHA512, message).armor();
    Result r = sshKeygenVerify("file", message, armored).assertOk("ssh-keygen -Y verify");
    assertTrue(
        r.out()
            .contains(
                "Good \"file\" signature for me@example with RSA key " + key.fingerprintSha256()),
        r.out());
    Path sig = dir.resolve("ours.sig");
    OpenSsh.run(
            dir,
            Files.readAllBytes(message),
            Map.of(),
            "ssh-keygen",
            "-Y",
            "check-novalidate",
            "-n",
            "file",
            "-s",
            sig.toString())
        .assertOk("ssh-keygen -Y check-novalidate");
  }

  @Test
  void sshKeygenRejectsOurSignatureForAnotherNamespaceOrMessage() throws Exception {
    String armored = ourSignature("file", SshSigHash.SHA512, message).armor();
    assertNotEquals(0, sshKeygenVerify("git", message, armored).exit());
    Path other = dir.resolve("other.txt");
    Files.writeString(other, "Hello, My Number Card?\n");
    assertNotEquals(0, sshKeygenVerify("file", other, armored).exit());
  }

  @Test
  void weVerifySshKeygensSignature() throws Exception {
    SshSig sig = SshSig.fromArmor(sshKeygenSign("file", message));
    assertEquals(key, sig.publicKey());
    assertEquals("file", sig.namespace());
    assertEquals(SshSigHash.SHA512, sig.hash());
    assertEquals(SshSignatureAlgorithm.RSA_SHA2_512, sig.signature().algorithm());
    assertArrayEquals(new byte[0], sig.reserved());
    assertEquals(key, sig.verify(Files.readAllBytes(message), "file"));
    try (InputStream in = Files.newInputStream(message)) {
      assertEquals(key, sig.verify(in, "file"));
    }
  }

  @Test
  void wrongNamespaceAndTamperedMessageFailWithReasons() throws Exception {
    SshSig sig = SshSig.fromArmor(sshKeygenSign("file", message));
    byte[] msg = Files.readAllBytes(message);
    SshSigVerificationException e =
        assertThrows(SshSigVerificationException.class, () -> sig.verify(msg, "git"));
    assertEquals(Reason.WRONG_NAMESPACE, e.reason());
    msg[0] ^= 1;
    e = assertThrows(SshSigVerificationException.class, () -> sig.verify(msg, "file"));
    assertEquals(Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void sshKeygenAcceptsAShortRawSignatureButWeEmitFullLength() throws Exception {
    // find a message whose signature starts with 00, as OpenSSH pads such signatures
    byte[] raw;
    byte[] toSign;
    int i = 0;
    do {
      toSign = SshSig.signedData("file", SshSigHash.SHA512, ("m" + i++).getBytes(UTF_8));
      raw = TestKeys.sign(k.privateKey(), SshSignatureAlgorithm.RSA_SHA2_512, toSign);
    } while (raw[0] != 0);
    Path m = dir.resolve("short.txt");
    Files.writeString(m, "m" + (i - 1));
    SshSig ours =
        SshSig.of(
            key,
            "file",
            SshSigHash.SHA512,
            SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key));
    assertEquals(256, ours.signature().rawSignature().length);
    assertEquals(sshKeygenSign("file", m), ours.armor(), "ssh-keygen pads to the modulus too");

    // hand-built blob with the leading zero dropped: OpenSSH still accepts it, and so do we
    byte[] shortSig =
        new SshWriter()
            .writeString("rsa-sha2-512")
            .writeString(Arrays.copyOfRange(raw, 1, raw.length))
            .toByteArray();
    byte[] blob =
        new SshWriter()
            .writeRaw("SSHSIG".getBytes(UTF_8))
            .writeUint32(1)
            .writeString(key.blob())
            .writeString("file")
            .writeString(new byte[0])
            .writeString("sha512")
            .writeString(shortSig)
            .toByteArray();
    SshSig parsed = SshSig.parse(blob);
    assertEquals(key, parsed.verify(Files.readAllBytes(m), "file"));
    sshKeygenVerify("file", m, parsed.armor()).assertOk("ssh-keygen -Y verify");
  }

  @Test
  void ed25519SignatureFromSshKeygenIsRejectedByName() throws Exception {
    sshKeygen(dir, "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("ed").toString())
        .assertOk("ssh-keygen -t ed25519");
    Path m = dir.resolve("ed-message.txt");
    Files.writeString(m, "x");
    sshKeygen(dir, "-Y", "sign", "-f", dir.resolve("ed").toString(), "-n", "file", m.toString())
        .assertOk("ssh-keygen -Y sign with ed25519");
    String armored = Files.readString(Path.of(m + ".sig"));
    SshFormatException e = assertThrows(SshFormatException.class, () -> SshSig.fromArmor(armored));
    assertTrue(e.getMessage().contains("ssh-ed25519"), e.getMessage());
  }
}
