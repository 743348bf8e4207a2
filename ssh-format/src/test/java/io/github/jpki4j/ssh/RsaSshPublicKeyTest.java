package io.github.jpki4j.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.testing.TestKeys;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Key blob, line and fingerprint rules that need no OpenSSH; see {@link RsaKeyOpenSshTest}. */
class RsaSshPublicKeyTest {
  private final RSAPublicKey jdk = TestKeys.rsa2048Public();
  private final RsaSshPublicKey key = RsaSshPublicKey.of(jdk);
  private final String b64 = key.base64Blob();

  @Test
  void blobIsTypeExponentModulus() throws Exception {
    SshReader r = new SshReader(key.blob());
    assertEquals("ssh-rsa", r.readUtf8());
    assertEquals(jdk.getPublicExponent(), r.readMpint());
    assertEquals(jdk.getModulus(), r.readMpint());
    r.requireEnd();
    assertTrue(b64.startsWith("AAAAB3NzaC1yc2E"), b64);
    assertEquals(2048, key.bits());
    assertEquals(256, key.modulusLength());
  }

  @Test
  void blobRoundTripsAndBackToJava() throws Exception {
    assertEquals(key, RsaSshPublicKey.fromBlob(key.blob()));
    assertEquals(key.hashCode(), RsaSshPublicKey.fromBlob(key.blob()).hashCode());
    assertArrayEquals(jdk.getEncoded(), key.toJavaKey().getEncoded());
    assertNotEquals(key, RsaSshPublicKey.of(TestKeys.otherRsa2048Public()));
  }

  @Test
  void fingerprintIsUnpaddedBase64OfSha256OfBlob() throws Exception {
    String fp = key.fingerprintSha256();
    assertTrue(fp.matches("SHA256:[A-Za-z0-9+/]{43}"), fp);
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.blob());
    assertArrayEquals(hash, Base64.getDecoder().decode(fp.substring(7) + "="));
    assertEquals("RSA 2048 " + fp, key.toString());
  }

  @Test
  void linesWithAndWithoutCommentAndOptions() {
    assertEquals("ssh-rsa " + b64 + " me@host", key.toAuthorizedKeysLine("me@host"));
    assertEquals("ssh-rsa " + b64, key.toAuthorizedKeysLine(null));
    assertEquals("ssh-rsa " + b64, key.toAuthorizedKeysLine(""));
    assertEquals(
        "expiry-time=\"20301026\" ssh-rsa " + b64 + " card",
        key.toAuthorizedKeysLine(
            AuthorizedKeysLine.expiryTimeOption(LocalDate.of(2030, 10, 26)), "card"));
  }

  @Test
  void parsesPlainLineWithSpacesInComment() throws Exception {
    AuthorizedKeysLine l = AuthorizedKeysLine.parse("ssh-rsa " + b64 + " My Number Card auth\n");
    assertEquals(key, l.key());
    assertEquals("", l.options());
    assertEquals("My Number Card auth", l.comment());
  }

  @Test
  void parsesLineWithoutComment() throws Exception {
    AuthorizedKeysLine l = AuthorizedKeysLine.parse("ssh-rsa " + b64);
    assertEquals("", l.comment());
    assertEquals(key, RsaSshPublicKey.parse("  \tssh-rsa\t" + b64 + "  \r\n"));
  }

  @Test
  void parsesQuotedOptionsWithSpacesAndEscapedQuotes() throws Exception {
    String opts = "command=\"echo \\\"hi there\\\"; ls\",no-pty,from=\"10.0.0.1, *.example\"";
    AuthorizedKeysLine l = AuthorizedKeysLine.parse(opts + " ssh-rsa " + b64 + " c");
    assertEquals(opts, l.options());
    assertEquals(key, l.key());
    assertEquals("c", l.comment());
    assertEquals(opts + " ssh-rsa " + b64 + " c", l.toString());
  }

  @Test
  void parsesSimpleOptionThatLooksLikeAWord() throws Exception {
    AuthorizedKeysLine l = AuthorizedKeysLine.parse("no-pty ssh-rsa " + b64);
    assertEquals("no-pty", l.options());
    assertEquals("", l.comment());
  }

  @Test
  void rejectsOtherKeyTypesByName() {
    String ed =
        "ssh-ed25519 " + "AAAAC3NzaC1lZDI1NTE5AAAAIAo3D7CGN01tTYY/dLKXEv8RxRyxa32c51X0uKMhnMab x";
    SshFormatException e =
        assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse(ed));
    assertTrue(
        e.getMessage().contains("not an RSA key") && e.getMessage().contains("ssh-ed25519"),
        e.getMessage());
    e = assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse("no-pty " + ed));
    assertTrue(e.getMessage().contains("ssh-ed25519"), e.getMessage());
  }

  @Test
  void rejectsRsaNameOverOtherKeyData() {
    String edBlob = "AAAAC3NzaC1lZDI1NTE5AAAAIAo3D7CGN01tTYY/dLKXEv8RxRyxa32c51X0uKMhnMab";
    SshFormatException e =
        assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse("ssh-rsa " + edBlob));
    assertTrue(e.getMessage().contains("ssh-ed25519"), e.getMessage());
  }

  @Test
  void rejectsBrokenLines() {
    for (String bad :
        new String[] {
          "",
          "   \n",
          "# a comment",
          "ssh-rsa",
          "ssh-rsa  ",
          "ssh-rsa AAAA!!!!",
          "ssh-rsa " + b64.substring(0, b64.length() - 8),
          "command=\"unterminated ssh-rsa " + b64,
          "no-pty",
          "no-pty nothing-here AAAA",
        }) {
      assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse(bad), bad);
    }
  }

  @Test
  void lineRecordValidatesItsFields() {
    assertThrows(IllegalArgumentException.class, () -> AuthorizedKeysLine.of(key, "a\nb"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuthorizedKeysLine("no-pty, no-agent-forwarding", key, ""));
    assertThrows(
        IllegalArgumentException.class, () -> new AuthorizedKeysLine("command=\"x", key, ""));
    assertThrows(IllegalArgumentException.class, () -> new AuthorizedKeysLine("#no-pty", key, ""));
  }

  @Test
  void rejectsKeysOpenSshWouldReject() {
    RSAPublicKey small = (RSAPublicKey) TestKeys.generate(512).getPublic();
    assertThrows(IllegalArgumentException.class, () -> RsaSshPublicKey.of(small));
    byte[] smallBlob =
        new SshWriter()
            .writeString("ssh-rsa")
            .writeMpint(small.getPublicExponent())
            .writeMpint(small.getModulus())
            .toByteArray();
    SshFormatException e =
        assertThrows(SshFormatException.class, () -> RsaSshPublicKey.fromBlob(smallBlob));
    assertTrue(e.getMessage().contains("512 bits"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RsaSshPublicKey.of(BigInteger.valueOf(65536), jdk.getModulus()));
    // e = 1 is odd and positive, but the JDK refuses it: so must we (found by MalformedInputTest)
    assertThrows(
        IllegalArgumentException.class, () -> RsaSshPublicKey.of(BigInteger.ONE, jdk.getModulus()));
    byte[] eOne =
        new SshWriter()
            .writeString("ssh-rsa")
            .writeMpint(BigInteger.ONE)
            .writeMpint(jdk.getModulus())
            .toByteArray();
    e = assertThrows(SshFormatException.class, () -> RsaSshPublicKey.fromBlob(eOne));
    assertTrue(e.getMessage().startsWith("unusable RSA key"), e.getMessage());
  }

  @Test
  void blobParserIsStrict() {
    byte[] blob = key.blob();
    byte[] trailing = java.util.Arrays.copyOf(blob, blob.length + 1);
    assertThrows(SshFormatException.class, () -> RsaSshPublicKey.fromBlob(trailing));
    for (int len = 0; len < blob.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(blob, len);
      assertThrows(SshFormatException.class, () -> RsaSshPublicKey.fromBlob(cut), "length " + len);
    }
    byte[] negativeN =
        new SshWriter()
            .writeString("ssh-rsa")
            .writeMpint(jdk.getPublicExponent())
            .writeMpint(jdk.getModulus().negate())
            .toByteArray();
    assertThrows(SshFormatException.class, () -> RsaSshPublicKey.fromBlob(negativeN));
  }
}
