package io.github.jpki4j.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.agent.AgentSignFlags;
import io.github.jpki4j.ssh.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SshSignatureTest {
  private final KeyPair pair = TestKeys.rsa2048();
  private final RsaSshPublicKey key = RsaSshPublicKey.of((RSAPublicKey) pair.getPublic());
  private final byte[] data = "data to sign".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(SshSignatureAlgorithm.class)
  void signatureBlobRoundTripsAndVerifies(SshSignatureAlgorithm alg) throws Exception {
    byte[] raw = TestKeys.sign(pair.getPrivate(), alg, data);
    SshSignature sig = SshSignature.of(alg, raw, key);
    byte[] blob = sig.blob();
    SshReader r = new SshReader(blob);
    assertEquals(alg.wireName(), r.readUtf8());
    assertArrayEquals(raw, r.readString());
    r.requireEnd();

    SshSignature parsed = SshSignature.parse(blob);
    assertEquals(sig, parsed);
    assertEquals(alg, parsed.algorithm());
    assertTrue(parsed.verify(key, data));
    assertFalse(parsed.verify(key, "other data".getBytes(StandardCharsets.UTF_8)));
    assertFalse(parsed.verify(RsaSshPublicKey.of(TestKeys.otherRsa2048Public()), data));
  }

  @Test
  void algorithmOfBlobMatters() throws Exception {
    byte[] raw = TestKeys.sign(pair.getPrivate(), SshSignatureAlgorithm.RSA_SHA2_256, data);
    assertFalse(SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key).verify(key, data));
  }

  @Test
  void shortRawSignatureIsLeftPaddedToModulusLength() throws Exception {
    byte[] raw = TestKeys.sign(pair.getPrivate(), SshSignatureAlgorithm.RSA_SHA2_512, data);
    // a signer that strips leading zeros (as BN_bn2bin does) yields fewer bytes; simulate it
    byte[] shortRaw = Arrays.copyOfRange(raw, 1, raw.length);
    byte[] expected = raw.clone();
    expected[0] = 0;
    SshSignature sig = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, shortRaw, key);
    assertEquals(256, sig.rawSignature().length);
    assertArrayEquals(expected, sig.rawSignature());
  }

  @Test
  void verifyPadsShortSignaturesFromElsewhereAndRejectsLongOnes() throws Exception {
    // about one message in 256 has a signature starting with 00
    int i = 0;
    byte[] raw = TestKeys.sign(pair.getPrivate(), SshSignatureAlgorithm.RSA_SHA2_256, msg(i));
    while (raw[0] != 0) {
      raw = TestKeys.sign(pair.getPrivate(), SshSignatureAlgorithm.RSA_SHA2_256, msg(++i));
    }
    byte[] shortBlob =
        new SshWriter()
            .writeString("rsa-sha2-256")
            .writeString(Arrays.copyOfRange(raw, 1, raw.length))
            .toByteArray();
    assertTrue(SshSignature.parse(shortBlob).verify(key, msg(i)));
    byte[] longBlob =
        new SshWriter()
            .writeString("rsa-sha2-256")
            .writeString(concat(new byte[] {0}, raw))
            .toByteArray();
    assertFalse(SshSignature.parse(longBlob).verify(key, msg(i)));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_256, new byte[257], key));
    assertThrows(
        IllegalArgumentException.class,
        () -> SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_256, new byte[0], key));
  }

  @Test
  void parseRejectsUnknownAlgorithmsAndBadStructure() {
    byte[] ed = new SshWriter().writeString("ssh-ed25519").writeString(new byte[64]).toByteArray();
    SshFormatException e = assertThrows(SshFormatException.class, () -> SshSignature.parse(ed));
    assertTrue(e.getMessage().contains("ssh-ed25519"), e.getMessage());
    byte[] empty =
        new SshWriter().writeString("rsa-sha2-512").writeString(new byte[0]).toByteArray();
    assertThrows(SshFormatException.class, () -> SshSignature.parse(empty));
    byte[] trailing =
        new SshWriter()
            .writeString("rsa-sha2-512")
            .writeString(new byte[256])
            .writeByte(0)
            .toByteArray();
    assertThrows(SshFormatException.class, () -> SshSignature.parse(trailing));
  }

  @Test
  void algorithmLookups() {
    assertEquals(
        Optional.of(SshSignatureAlgorithm.RSA_SHA2_512),
        SshSignatureAlgorithm.fromWireName("rsa-sha2-512"));
    assertEquals(Optional.empty(), SshSignatureAlgorithm.fromWireName("RSA-SHA2-512"));
    assertEquals(SshSignatureAlgorithm.SSH_RSA, SshSignatureAlgorithm.forAgentFlags(0));
    assertEquals(
        SshSignatureAlgorithm.SSH_RSA,
        SshSignatureAlgorithm.forAgentFlags(AgentSignFlags.OLD_SIGNATURE));
    assertEquals(
        SshSignatureAlgorithm.RSA_SHA2_256,
        SshSignatureAlgorithm.forAgentFlags(AgentSignFlags.RSA_SHA2_256));
    assertEquals(
        SshSignatureAlgorithm.RSA_SHA2_512,
        SshSignatureAlgorithm.forAgentFlags(AgentSignFlags.RSA_SHA2_512));
    // OpenSSH's agent_decode_alg checks SHA2_256 first
    assertEquals(SshSignatureAlgorithm.RSA_SHA2_256, SshSignatureAlgorithm.forAgentFlags(6));
    assertEquals(AgentSignFlags.RSA_SHA2_256, SshSignatureAlgorithm.RSA_SHA2_256.agentFlag());
    assertEquals(AgentSignFlags.RSA_SHA2_512, SshSignatureAlgorithm.RSA_SHA2_512.agentFlag());
    assertEquals(64, SshSignatureAlgorithm.RSA_SHA2_512.newDigest().getDigestLength());
  }

  private static byte[] msg(int i) {
    return ("message " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
