package io.github.jpki4j.ssh;

import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.ssh.sshsig.SshSigHash;
import io.github.jpki4j.ssh.sshsig.SshSigVerificationException;
import io.github.jpki4j.ssh.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every parser, fed random and mutated input, fails only with the checked exceptions it declares:
 * never an unchecked exception, never a huge allocation.
 */
class MalformedInputTest {
  private static final byte[] MSG = "m".getBytes(StandardCharsets.UTF_8);

  interface Parser {
    void parse(byte[] b) throws Exception;
  }

  private static void mustFailCleanly(Parser p, byte[] input) {
    try {
      p.parse(input);
    } catch (SshFormatException | SshSigVerificationException expected) {
      // fine
    } catch (Exception | Error e) {
      throw new AssertionError(
          "unexpected " + e + " for " + java.util.HexFormat.of().formatHex(input), e);
    }
  }

  @Test
  void mutatedBlobsOfEveryKind() {
    KeyPair pair = TestKeys.rsa2048();
    RsaSshPublicKey key = RsaSshPublicKey.of((RSAPublicKey) pair.getPublic());
    byte[] raw =
        TestKeys.sign(
            pair.getPrivate(),
            SshSignatureAlgorithm.RSA_SHA2_512,
            SshSig.signedData("file", SshSigHash.SHA512, MSG));
    SshSignature sig = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key);
    SshSig sshsig = SshSig.of(key, "file", SshSigHash.SHA512, sig);

    Parser keyParser = RsaSshPublicKey::fromBlob;
    Parser sigParser = SshSignature::parse;
    Parser sshsigParser = b -> SshSig.parse(b).verify(MSG, "file");
    Parser armorParser = b -> SshSig.fromArmor(new String(b, StandardCharsets.ISO_8859_1));
    Parser lineParser = b -> AuthorizedKeysLine.parse(new String(b, StandardCharsets.ISO_8859_1));

    Object[][] seeds = {
      {keyParser, key.blob()},
      {sigParser, sig.blob()},
      {sshsigParser, sshsig.blob()},
      {armorParser, sshsig.armor().getBytes(StandardCharsets.US_ASCII)},
      {lineParser, key.toAuthorizedKeysLine("no-pty", "c").getBytes(StandardCharsets.US_ASCII)},
    };
    Random rnd = new Random(20301026);
    for (Object[] seed : seeds) {
      Parser p = (Parser) seed[0];
      byte[] good = (byte[]) seed[1];
      for (int i = 0; i < 3000; i++) {
        byte[] b = good.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int f = 0; f < flips; f++) {
          int at = rnd.nextInt(b.length);
          // favour the length fields: set whole bytes to extremes now and then
          b[at] =
              rnd.nextInt(4) == 0
                  ? (byte) (rnd.nextBoolean() ? 0xFF : 0x00)
                  : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
        if (rnd.nextInt(10) == 0) {
          b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        mustFailCleanly(p, b);
      }
      for (int i = 0; i < 1000; i++) {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        mustFailCleanly(p, b);
      }
    }
  }
}
