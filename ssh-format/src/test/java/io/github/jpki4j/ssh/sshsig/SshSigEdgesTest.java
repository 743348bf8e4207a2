package io.github.jpki4j.ssh.sshsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/**
 * SSHSIG at its edges: a namespace from someone else's signature is printed short and without
 * control characters, signatures are values of their blob, a cut blob says it is cut, and an empty
 * namespace is refused on every path that signs.
 */
class SshSigEdgesTest {
  private static final byte[] MESSAGE = "m".getBytes(StandardCharsets.UTF_8);
  private final KeyPair pair = TestKeys.rsa2048();
  private final RsaSshPublicKey key = RsaSshPublicKey.of((RSAPublicKey) pair.getPublic());

  private SshSig signed(String namespace) {
    byte[] raw =
        TestKeys.sign(
            pair.getPrivate(),
            SshSignatureAlgorithm.RSA_SHA2_512,
            SshSig.signedData(namespace, SshSigHash.SHA512, MESSAGE));
    return SshSig.of(
        key,
        namespace,
        SshSigHash.SHA512,
        SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key));
  }

  @Test
  void aForeignNamespaceIsPrintedShortAndWithoutControlCharacters() {
    String hostile = "git\u001b]0;pwned\u0007\u007f" + "n".repeat(60);
    SshSig sig = signed(hostile);
    SshSigVerificationException e =
        assertThrows(SshSigVerificationException.class, () -> sig.verify(MESSAGE, "file"));
    String shown = "git?]0;pwned??" + "n".repeat(50) + "...";
    assertEquals("signature is for namespace \"" + shown + "\", not \"file\"", e.getMessage());
    assertTrue(
        sig.toString().startsWith("SSHSIG namespace=\"" + shown + "\" sha512/rsa-sha2-512"),
        sig.toString());
    // exactly 64 characters, spaces and non-ASCII letters included, are shown whole
    String ns64 = "名前空間 " + "x".repeat(59);
    assertTrue(signed(ns64).toString().startsWith("SSHSIG namespace=\"" + ns64 + "\" "));
  }

  @Test
  void signaturesAreValuesOfTheirBlob() throws Exception {
    SshSig a = signed("file");
    SshSig again = SshSig.parse(a.blob());
    assertEquals(a, again);
    assertEquals(a.hashCode(), again.hashCode());
    SshSig other = signed("git");
    assertNotEquals(a, other);
    assertNotEquals(a.hashCode(), other.hashCode());
    assertNotEquals(a, "SSHSIG");
  }

  @Test
  void aBlobCutRightAfterTheMagicSaysItIsCut() {
    SshFormatException e =
        assertThrows(
            SshFormatException.class,
            () -> SshSig.parse("SSHSIG".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().startsWith("truncated: uint32 at offset 6"), e.getMessage());
    SshFormatException shorter =
        assertThrows(
            SshFormatException.class,
            () -> SshSig.parse("SSHSI".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("not an SSH signature: missing SSHSIG magic", shorter.getMessage());
  }

  @Test
  void anEmptyNamespaceIsRefusedOnEveryPathThatSigns() {
    ByteArrayInputStream file = new ByteArrayInputStream(MESSAGE);
    assertThrows(
        IllegalArgumentException.class, () -> SshSig.signedData("", SshSigHash.SHA256, file));
    assertEquals(MESSAGE.length, file.available(), "the file was read before refusing");
    SshSig good = signed("file");
    assertThrows(
        IllegalArgumentException.class,
        () -> SshSig.of(key, "", SshSigHash.SHA512, good.signature()));
    assertThrows(
        IllegalArgumentException.class, () -> SshSig.signedData("", SshSigHash.SHA256, MESSAGE));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshSig.signedDataForHash("", SshSigHash.SHA256, new byte[32]));
  }

  @Test
  void hashNames() {
    assertEquals("SHA-256", SshSigHash.SHA256.jcaName());
    assertEquals("SHA-512", SshSigHash.SHA512.jcaName());
  }
}
