package io.github.jpki4j.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.testing.TestKeys;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/**
 * The wire reader's and the key's answers at their edges: exact error messages (offsets and counts
 * a person can act on), the limits that are inclusive, hostile key type names made printable, and
 * the JDK's own refusals passed on in its words.
 */
class WireEdgesTest {
  private final RSAPublicKey jdk = TestKeys.rsa2048Public();
  private final RsaSshPublicKey key = RsaSshPublicKey.of(jdk);

  private static byte[] keyBlob(String type, BigInteger e, BigInteger n) {
    return new SshWriter().writeString(type).writeMpint(e).writeMpint(n).toByteArray();
  }

  @Test
  void aLengthPastTheEndIsReportedWithItsOffsetAndWhatIsLeft() throws Exception {
    byte[] data = new SshWriter().writeByte(9).writeUint32(10).writeRaw(new byte[3]).toByteArray();
    SshReader r = new SshReader(data);
    r.readByte();
    SshFormatException e = assertThrows(SshFormatException.class, r::readString);
    assertEquals("string at offset 1 claims 10 bytes but only 3 remain", e.getMessage());
    assertEquals(7, r.remaining()); // the length field is not consumed
  }

  @Test
  void offsetsInMessagesCountFromTheStartOfTheReadersRange() throws Exception {
    // a reader over bytes 2.. of an array: offsets are relative to byte 2
    byte[] data =
        new SshWriter()
            .writeRaw(new byte[] {7, 7})
            .writeString("ok")
            .writeString(new byte[] {(byte) 0xC3, 0x28})
            .toByteArray();
    SshReader r = new SshReader(data, 2, data.length - 2);
    assertEquals("ok", r.readUtf8());
    SshFormatException e = assertThrows(SshFormatException.class, r::readUtf8);
    assertEquals("string at offset 6 is not valid UTF-8", e.getMessage());
  }

  @Test
  void aLengthPastTheEndOfASubRangeIsReportedRelativeToIt() throws Exception {
    byte[] data = new SshWriter().writeRaw(new byte[5]).writeUint32(9).toByteArray();
    SshReader r = new SshReader(data, 5, 4);
    SshFormatException e = assertThrows(SshFormatException.class, r::readMpint);
    assertEquals("string at offset 0 claims 9 bytes but only 0 remain", e.getMessage());
  }

  @Test
  void zeroRawBytesAreNothingAndANegativeCountIsACallerBug() throws Exception {
    SshReader r = new SshReader(new byte[] {1});
    assertArrayEquals(new byte[0], r.readRaw(0));
    assertEquals(1, r.remaining());
    assertThrows(IllegalArgumentException.class, () -> r.readRaw(-1));
  }

  @Test
  void anMpintOfExactlyTheMaximumBitsIsAccepted() throws Exception {
    byte[] data =
        new SshWriter()
            .writeMpint(BigInteger.valueOf(255))
            .writeMpint(BigInteger.valueOf(256))
            .toByteArray();
    SshReader r = new SshReader(data);
    assertEquals(BigInteger.valueOf(255), r.readPositiveMpint("x", 8));
    SshFormatException e =
        assertThrows(SshFormatException.class, () -> r.readPositiveMpint("the value", 8));
    assertEquals("the value has 9 bits, more than 8", e.getMessage());
  }

  @Test
  void anExponentEqualToTheModulusIsRefused() {
    BigInteger n = jdk.getModulus();
    SshFormatException e =
        assertThrows(
            SshFormatException.class, () -> RsaSshPublicKey.fromBlob(keyBlob("ssh-rsa", n, n)));
    assertTrue(e.getMessage().contains("smaller than the modulus"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RsaSshPublicKey.of(n, n));
  }

  @Test
  void theJdksOwnRefusalIsPassedOnInItsWords() {
    // above 3072 bits the JDK allows exponents of at most 64 bits
    KeyPair big = TestKeys.generate(4096);
    BigInteger n = ((RSAPublicKey) big.getPublic()).getModulus();
    BigInteger e = BigInteger.ONE.shiftLeft(70).add(BigInteger.ONE);
    SshFormatException ex =
        assertThrows(
            SshFormatException.class, () -> RsaSshPublicKey.fromBlob(keyBlob("ssh-rsa", e, n)));
    assertTrue(ex.getMessage().startsWith("unusable RSA key: "), ex.getMessage());
    assertTrue(ex.getMessage().contains("64 bits"), ex.getMessage());
    // the innermost words, not a chain of exception class names
    assertFalse(ex.getMessage().contains("java.security"), ex.getMessage());
  }

  @Test
  void modulusSizesFrom1024To16384BitsInclusive() throws Exception {
    BigInteger e = BigInteger.valueOf(65537);
    for (int bits : new int[] {1024, 16384}) {
      BigInteger n = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.ONE); // odd, exactly bits
      assertEquals(bits, RsaSshPublicKey.fromBlob(keyBlob("ssh-rsa", e, n)).bits());
    }
    for (int bits : new int[] {1023, 16385}) {
      BigInteger n = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.ONE);
      SshFormatException ex =
          assertThrows(
              SshFormatException.class,
              () -> RsaSshPublicKey.fromBlob(keyBlob("ssh-rsa", e, n)),
              bits + " bits");
      assertTrue(ex.getMessage().contains(bits + " bits"), ex.getMessage());
    }
  }

  @Test
  void hostileKeyTypeNamesArePrintedShortAndPrintable() {
    String escape = "ssh-ed25519\u001b[2J\u007f";
    SshFormatException e =
        assertThrows(
            SshFormatException.class,
            () -> RsaSshPublicKey.fromBlob(keyBlob(escape, BigInteger.ONE, BigInteger.ONE)));
    assertEquals(
        "not an RSA key: key type is \"ssh-ed25519?[2J?\", only ssh-rsa is supported",
        e.getMessage());
    String long64 = "x".repeat(64);
    assertEquals("\"" + long64 + "\"", RsaSshPublicKey.printable(long64));
    assertEquals("\"" + long64 + "...\"", RsaSshPublicKey.printable(long64 + "yz"));
    assertEquals("\" ~\"", RsaSshPublicKey.printable(" ~"));
  }

  @Test
  void keysAreValuesOfTheirExponentAndModulus() {
    assertEquals(jdk.getPublicExponent(), key.publicExponent());
    assertEquals(jdk.getModulus(), key.modulus());
    RsaSshPublicKey same = RsaSshPublicKey.of(jdk.getPublicExponent(), jdk.getModulus());
    assertEquals(key.hashCode(), same.hashCode());
    RsaSshPublicKey other = RsaSshPublicKey.of(TestKeys.otherRsa2048Public());
    assertNotEquals(key, other);
    assertNotEquals(key.hashCode(), other.hashCode());
  }

  @Test
  void signaturesAreValuesAndALongerOneNeverVerifies() {
    byte[] raw =
        TestKeys.sign(
            TestKeys.rsa2048().getPrivate(), SshSignatureAlgorithm.RSA_SHA2_256, new byte[] {1});
    SshSignature sig = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_256, raw, key);
    assertTrue(sig.verify(key, new byte[] {1}));
    SshSignature same = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_256, raw.clone(), key);
    assertEquals(sig, same);
    assertEquals(sig.hashCode(), same.hashCode());
    SshSignature otherAlg = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key);
    assertNotEquals(sig, otherAlg);
    assertNotEquals(sig.hashCode(), otherAlg.hashCode());
    assertTrue(sig.toString().startsWith("rsa-sha2-256 signature (256 bytes, "), sig.toString());
    // a blob from elsewhere with a raw value longer than the modulus
    byte[] longer = new byte[257];
    System.arraycopy(raw, 0, longer, 1, 256);
    SshSignature parsed =
        assertDoesNotThrowParse(
            new SshWriter().writeString("rsa-sha2-256").writeString(longer).toByteArray());
    assertFalse(parsed.verify(key, new byte[] {1}));
  }

  private static SshSignature assertDoesNotThrowParse(byte[] blob) {
    try {
      return SshSignature.parse(blob);
    } catch (SshFormatException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aLineThatStartsWithALineBreakSaysSo() {
    for (String bad :
        new String[] {"\n" + key.toAuthorizedKeysLine("c"), "\r" + key.toAuthorizedKeysLine("c")}) {
      SshFormatException e =
          assertThrows(SshFormatException.class, () -> AuthorizedKeysLine.parse(bad));
      assertTrue(e.getMessage().contains("line break"), e.getMessage());
    }
    // options holding a line break, quoted or not, are refused by the record too
    assertThrows(
        IllegalArgumentException.class, () -> new AuthorizedKeysLine("no-pty\nx", key, ""));
    assertThrows(
        IllegalArgumentException.class, () -> new AuthorizedKeysLine("command=\"a\nb\"", key, ""));
  }

  @Test
  void aCommentThatStartsWithALineBreakIsRefusedToo() {
    assertThrows(IllegalArgumentException.class, () -> AuthorizedKeysLine.of(key, "\nx"));
    assertThrows(IllegalArgumentException.class, () -> AuthorizedKeysLine.of(key, "\rx"));
    assertEquals("ssh-rsa " + key.base64Blob() + " c", AuthorizedKeysLine.of(key, "c").toString());
  }

  @Test
  void namesAndSizesTheOtherModulesUse() {
    assertEquals("SHA-512", SshSignatureAlgorithm.RSA_SHA2_512.hashAlgorithm());
    assertEquals(9, new SshWriter().writeString("abc").writeBoolean(true).writeByte(0).size());
  }
}
