package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.Apdus.AUTH_PIN;
import static io.github.jpki4j.applet.Apdus.SIGN_PIN;
import static io.github.jpki4j.applet.Apdus.assertSw;
import static io.github.jpki4j.applet.Apdus.selectAp;
import static io.github.jpki4j.applet.Apdus.selectEf;
import static io.github.jpki4j.applet.Apdus.send;
import static io.github.jpki4j.applet.Apdus.sign;
import static io.github.jpki4j.applet.Apdus.verify;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.VirtualCard;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** COMPUTE DIGITAL SIGNATURE (§5): PKCS#1 v1.5 padding on the card, checked by the JDK. */
class SignTest {
  static final String SHA256_PREFIX = "3031300D060960864801650304020105000420";
  static final String SHA512_PREFIX = "3051300D060960864801650304020305000440";
  private static final byte[] MESSAGE = "signed by the virtual card".getBytes(UTF_8);
  private VirtualCard card;

  @BeforeEach
  void setUp() {
    card = Apdus.newCard();
    selectAp(card);
  }

  @AfterEach
  void tearDown() {
    card.close();
  }

  static byte[] digestInfo(String prefix, String algorithm, byte[] message) throws Exception {
    byte[] hash = MessageDigest.getInstance(algorithm).digest(message);
    byte[] p = HexFormat.of().parseHex(prefix);
    byte[] out = new byte[p.length + hash.length];
    System.arraycopy(p, 0, out, 0, p.length);
    System.arraycopy(hash, 0, out, p.length, hash.length);
    return out;
  }

  private static boolean verifies(String algorithm, PublicKey key, byte[] signature)
      throws Exception {
    Signature v = Signature.getInstance(algorithm);
    v.initVerify(key);
    v.update(MESSAGE);
    return v.verify(signature);
  }

  @Test
  void sha256DigestInfoWithTheAuthKey() throws Exception {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    byte[] di = digestInfo(SHA256_PREFIX, "SHA-256", MESSAGE);
    assertEquals(0x33, di.length); // OpenSC's rsa-sha2-256 (§9.4 E)
    ResponseAPDU r = sign(card, 0x0017, di);
    assertSw(0x9000, r);
    assertEquals(256, r.getData().length);
    assertTrue(verifies("SHA256withRSA", Apdus.identity().authPublicKey(), r.getData()));
    assertTrue(
        verifies("SHA256withRSA", Apdus.identity().authCertificate().getPublicKey(), r.getData()));
  }

  @Test
  void sha512DigestInfoWithTheSignKey() throws Exception {
    assertSw(0x9000, verify(card, 0x001B, SIGN_PIN));
    byte[] di = digestInfo(SHA512_PREFIX, "SHA-512", MESSAGE);
    assertEquals(0x53, di.length);
    ResponseAPDU r = sign(card, 0x001A, di);
    assertSw(0x9000, r);
    assertTrue(verifies("SHA512withRSA", Apdus.identity().signPublicKey(), r.getData()));
    assertTrue(!verifies("SHA512withRSA", Apdus.identity().authPublicKey(), r.getData()));
  }

  @Test
  void signaturesAreDeterministicAndMatchTheJdk() throws Exception {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    byte[] di = digestInfo(SHA256_PREFIX, "SHA-256", MESSAGE);
    byte[] first = sign(card, 0x0017, di).getData();
    byte[] second = sign(card, 0x0017, di).getData();
    assertArrayEquals(first, second);
    Signature jdk = Signature.getInstance("SHA256withRSA");
    jdk.initSign(Apdus.identity().authPrivateKey());
    jdk.update(MESSAGE);
    assertArrayEquals(jdk.sign(), first);
  }

  @Test
  void rawInputOfOneAndOf245Bytes() throws Exception {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    for (int n : new int[] {1, 11, 245}) {
      byte[] data = new byte[n];
      for (int i = 0; i < n; i++) {
        data[i] = (byte) (i * 7 + 1);
      }
      ResponseAPDU r = sign(card, 0x0017, data);
      assertSw(0x9000, r);
      rsa.init(Cipher.DECRYPT_MODE, Apdus.identity().authPublicKey());
      assertArrayEquals(data, rsa.doFinal(r.getData()), n + " bytes");
    }
  }

  @Test
  void lengthErrors() {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    selectEf(card, 0x0017);
    assertSw(0x6700, send(card, "802A008000")); // no data
    assertSw(0x6700, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[246], 256)));
    assertSw(0x6700, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[32], 0x80)));
    assertSw(0x9000, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[32])));
    assertSw(0x9000, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[32], 65536)));
  }

  @Test
  void needsTheRightPin() {
    byte[] di = new byte[51];
    assertSw(0x6982, sign(card, 0x0017, di));
    assertSw(0x6982, sign(card, 0x001A, di));
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    assertSw(0x6982, sign(card, 0x001A, di));
    assertSw(0x9000, sign(card, 0x0017, di));
    assertSw(0x9000, verify(card, 0x001B, SIGN_PIN));
    assertSw(0x9000, sign(card, 0x001A, di));
  }

  @Test
  void needsAKeyFileAndP1Zero() {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    assertSw(0x6986, sign(card, 0x000A, new byte[20]));
    assertSw(0x6986, sign(card, 0x0018, new byte[20]));
    selectAp(card);
    assertSw(0x6986, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[20], 256)));
    selectEf(card, 0x0017);
    for (int p1 = 1; p1 <= 5; p1++) {
      assertSw(0x6A86, send(card, new CommandAPDU(0x80, 0x2A, p1, 0x80, new byte[32], 256)));
    }
    assertSw(0x6A86, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x00, new byte[32], 256)));
    assertSw(0x6A88, send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x98, new byte[32], 256)));
  }

  @Test
  void keyBySfiLikeSoltia48() throws Exception {
    assertSw(0x9000, verify(card, 0x0018, AUTH_PIN));
    byte[] di = digestInfo(SHA256_PREFIX, "SHA-256", MESSAGE);
    selectEf(card, 0x000A);
    ResponseAPDU bySfi = send(card, new CommandAPDU(0x80, 0x2A, 0x00, 0x97, di, 256));
    assertSw(0x9000, bySfi);
    assertArrayEquals(sign(card, 0x0017, di).getData(), bySfi.getData());
  }
}
