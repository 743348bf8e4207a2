package io.github.jpki4j.ssh.sshsig;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.SshWriter;
import io.github.jpki4j.ssh.sshsig.SshSigVerificationException.Reason;
import io.github.jpki4j.ssh.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SSHSIG structure and strict parsing, without OpenSSH; see {@link SshSigOpenSshTest}. */
class SshSigFormatTest {
  private static final byte[] MSG = "message".getBytes(StandardCharsets.UTF_8);
  private final KeyPair pair = TestKeys.rsa2048();
  private final RsaSshPublicKey key = RsaSshPublicKey.of((RSAPublicKey) pair.getPublic());

  private SshSig sign(String ns, SshSigHash hash, SshSignatureAlgorithm alg) {
    byte[] raw = TestKeys.sign(pair.getPrivate(), alg, SshSig.signedData(ns, hash, MSG));
    return SshSig.of(key, ns, hash, SshSignature.of(alg, raw, key));
  }

  private byte[] blob(
      byte[] magic, int version, String ns, byte[] reserved, String hash, byte[] sigBlob) {
    return new SshWriter()
        .writeRaw(magic)
        .writeUint32(version)
        .writeString(key.blob())
        .writeString(ns)
        .writeString(reserved)
        .writeString(hash)
        .writeString(sigBlob)
        .toByteArray();
  }

  @Test
  void signedDataLayout() throws Exception {
    byte[] d = SshSig.signedData("file", SshSigHash.SHA256, MSG);
    assertEquals("SSHSIG", new String(d, 0, 6, StandardCharsets.US_ASCII));
    SshReader r = new SshReader(d, 6, d.length - 6);
    assertEquals("file", r.readUtf8());
    assertArrayEquals(new byte[0], r.readString());
    assertEquals("sha256", r.readUtf8());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(MSG), r.readString());
    r.requireEnd();
  }

  @Test
  void signedDataFromStreamEqualsFromBytesAndFromHash() throws Exception {
    for (SshSigHash h : SshSigHash.values()) {
      byte[] fromBytes = SshSig.signedData("ns", h, MSG);
      assertArrayEquals(fromBytes, SshSig.signedData("ns", h, new ByteArrayInputStream(MSG)));
      assertArrayEquals(fromBytes, SshSig.signedDataForHash("ns", h, h.hash(MSG)));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> SshSig.signedDataForHash("ns", SshSigHash.SHA512, new byte[32]));
    assertThrows(
        IllegalArgumentException.class, () -> SshSig.signedData("", SshSigHash.SHA512, MSG));
  }

  @Test
  void blobAndArmorRoundTrip() throws Exception {
    SshSig sig = sign("file", SshSigHash.SHA512, SshSignatureAlgorithm.RSA_SHA2_512);
    assertEquals(sig, SshSig.parse(sig.blob()));
    String armor = sig.armor();
    assertTrue(armor.startsWith("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH"), armor);
    assertTrue(armor.endsWith("\n-----END SSH SIGNATURE-----\n"), armor);
    armor.lines().forEach(l -> assertTrue(l.length() <= 70, l));
    SshSig back = SshSig.fromArmor(armor);
    assertEquals(sig, back);
    assertEquals(key, back.verify(MSG, "file"));
    assertEquals(sig.hashCode(), back.hashCode());
    assertTrue(sig.toString().contains("rsa-sha2-512"), sig.toString());
  }

  @Test
  void rsaSha2_256IsAcceptedInsideSshsig() throws Exception {
    SshSig sig = sign("file", SshSigHash.SHA256, SshSignatureAlgorithm.RSA_SHA2_256);
    assertEquals(key, SshSig.fromArmor(sig.armor()).verify(MSG, "file"));
  }

  @Test
  void sha1SshRsaIsRefusedOnBothSides() throws Exception {
    byte[] raw =
        TestKeys.sign(
            pair.getPrivate(),
            SshSignatureAlgorithm.SSH_RSA,
            SshSig.signedData("file", SshSigHash.SHA512, MSG));
    SshSignature sha1 = SshSignature.of(SshSignatureAlgorithm.SSH_RSA, raw, key);
    assertThrows(
        IllegalArgumentException.class, () -> SshSig.of(key, "file", SshSigHash.SHA512, sha1));
    SshSig parsed =
        SshSig.parse(blob("SSHSIG".getBytes(UTF_8), 1, "file", new byte[0], "sha512", sha1.blob()));
    SshSigVerificationException e =
        assertThrows(SshSigVerificationException.class, () -> parsed.verify(MSG, "file"));
    assertEquals(Reason.UNSUPPORTED_ALGORITHM, e.reason());
  }

  @Test
  void reservedFieldIsKeptButNotSigned() throws Exception {
    SshSig sig = sign("file", SshSigHash.SHA512, SshSignatureAlgorithm.RSA_SHA2_512);
    SshSig withReserved =
        SshSig.parse(
            blob(
                "SSHSIG".getBytes(UTF_8),
                1,
                "file",
                new byte[] {1, 2},
                "sha512",
                sig.signature().blob()));
    assertArrayEquals(new byte[] {1, 2}, withReserved.reserved());
    assertEquals(key, withReserved.verify(MSG, "file"));
  }

  @Test
  void strictBlobParsing() {
    byte[] sigBlob =
        sign("file", SshSigHash.SHA512, SshSignatureAlgorithm.RSA_SHA2_512).signature().blob();
    byte[] good = blob("SSHSIG".getBytes(UTF_8), 1, "file", new byte[0], "sha512", sigBlob);
    String[][] cases = {
      {
        "magic",
        HexFormat.of()
            .formatHex(blob("SSHSIh".getBytes(UTF_8), 1, "file", new byte[0], "sha512", sigBlob))
      },
      {
        "version 2",
        HexFormat.of()
            .formatHex(blob("SSHSIG".getBytes(UTF_8), 2, "file", new byte[0], "sha512", sigBlob))
      },
      {
        "version 0",
        HexFormat.of()
            .formatHex(blob("SSHSIG".getBytes(UTF_8), 0, "file", new byte[0], "sha512", sigBlob))
      },
      {
        "empty namespace",
        HexFormat.of()
            .formatHex(blob("SSHSIG".getBytes(UTF_8), 1, "", new byte[0], "sha512", sigBlob))
      },
      {
        "sha1",
        HexFormat.of()
            .formatHex(blob("SSHSIG".getBytes(UTF_8), 1, "file", new byte[0], "sha1", sigBlob))
      },
      {"trailing", HexFormat.of().formatHex(good) + "00"},
    };
    for (String[] c : cases) {
      assertThrows(
          SshFormatException.class, () -> SshSig.parse(HexFormat.of().parseHex(c[1])), c[0]);
    }
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThrows(SshFormatException.class, () -> SshSig.parse(cut), "length " + len);
    }
  }

  @Test
  void armorToleratesCrlfButNothingElse() throws Exception {
    String armor = sign("file", SshSigHash.SHA512, SshSignatureAlgorithm.RSA_SHA2_512).armor();
    assertEquals(key, SshSig.fromArmor(armor.replace("\n", "\r\n")).verify(MSG, "file"));
    assertEquals(key, SshSig.fromArmor(armor + "\n\n").verify(MSG, "file"));
    String[] bad = {
      " " + armor,
      "garbage\n" + armor,
      armor.replace("-----END SSH SIGNATURE-----", ""),
      armor + "more",
      armor.replace("U1NIU0lH", "U1NIU0l*"),
      armor.replace("U1NIU0lH", "U1NIU0lHU1NI"),
      "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
      "",
    };
    for (String b : bad) {
      assertThrows(SshFormatException.class, () -> SshSig.fromArmor(b), b);
    }
  }

  @Test
  void hashLookup() {
    assertEquals(SshSigHash.SHA512, SshSigHash.fromWireName("sha512").orElseThrow());
    assertTrue(SshSigHash.fromWireName("SHA512").isEmpty());
    assertEquals(32, SshSigHash.SHA256.length());
    assertEquals(64, SshSigHash.SHA512.length());
  }
}
