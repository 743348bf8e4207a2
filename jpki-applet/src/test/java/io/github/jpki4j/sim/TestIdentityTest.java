package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.Pkcs7Bag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIdentityTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @Test
  void sameSeedGivesByteIdenticalIdentities() {
    byte[] seed = "determinism".getBytes(StandardCharsets.US_ASCII);
    TestIdentity a = TestIdentity.generateUncached(seed);
    TestIdentity b = TestIdentity.generateUncached(seed);
    assertArrayEquals(a.authCertificateDer(), b.authCertificateDer());
    assertArrayEquals(a.authCaCertificateDer(), b.authCaCertificateDer());
    assertArrayEquals(a.signCertificateDer(), b.signCertificateDer());
    assertArrayEquals(a.signCaCertificateDer(), b.signCaCertificateDer());
    assertArrayEquals(a.authPrivateKey().getEncoded(), b.authPrivateKey().getEncoded());
    assertArrayEquals(a.signPrivateKey().getEncoded(), b.signPrivateKey().getEncoded());
    assertFalse(Arrays.equals(a.authCertificateDer(), ID.authCertificateDer()));
    assertFalse(a.authPrivateKey().getModulus().equals(ID.authPrivateKey().getModulus()));
    assertFalse(a.authPrivateKey().getModulus().equals(a.signPrivateKey().getModulus()));
  }

  @Test
  void cachedPerSeed() {
    assertSame(ID, TestIdentity.generate(TestIdentity.DEFAULT_SEED));
    assertSame(ID, TestIdentity.generate(HexFormat.of().parseHex("00006A706B69346A")));
  }

  @Test
  void caCertificates() throws Exception {
    check(ID.authCaCertificate(), ID.authCaCertificateDer(), "JPKI for user authentication (TEST)");
    check(ID.signCaCertificate(), ID.signCaCertificateDer(), "JPKI for digital signature (TEST)");
  }

  private static void check(X509Certificate ca, byte[] der, String ou) throws Exception {
    assertEquals(
        "OU=jpki4j test CA,OU=" + ou + ",O=JPKI,C=JP", ca.getSubjectX500Principal().getName());
    assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
    ca.verify(ca.getPublicKey());
    assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints());
    assertTrue(ca.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.19", "2.5.29.15")));
    boolean[] ku = ca.getKeyUsage();
    assertTrue(ku[5] && ku[6], "keyCertSign and cRLSign");
    assertFalse(ku[0]);
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), ca.getNotBefore().toInstant());
    assertEquals(Instant.parse("2034-12-31T23:59:59Z"), ca.getNotAfter().toInstant());
    commonChecks(ca, der);
  }

  private static void commonChecks(X509Certificate cert, byte[] der) {
    assertEquals("SHA256withRSA", cert.getSigAlgName());
    RSAPublicKey key = (RSAPublicKey) cert.getPublicKey();
    assertEquals(2048, key.getModulus().bitLength());
    assertEquals(65537, key.getPublicExponent().intValueExact());
    assertEquals(0x30, der[0] & 0xFF);
    assertEquals(0x82, der[1] & 0xFF);
    assertEquals(der.length, (((der[2] & 0xFF) << 8) | (der[3] & 0xFF)) + 4);
    assertTrue(der.length > 256, "more than one short READ BINARY");
  }

  @Test
  void authCertificate() throws Exception {
    X509Certificate c = ID.authCertificate();
    String dn = c.getSubjectX500Principal().getName();
    assertTrue(dn.matches("CN=[0-9A-Z]{23},C=JP"), dn);
    assertEquals(ID.authCaCertificate().getSubjectX500Principal(), c.getIssuerX500Principal());
    c.verify(ID.authCaCertificate().getPublicKey());
    assertEquals(-1, c.getBasicConstraints());
    boolean[] ku = c.getKeyUsage();
    assertTrue(ku[0], "digitalSignature");
    assertFalse(ku[1] || ku[5]);
    validity(c);
    commonChecks(c, ID.authCertificateDer());
    assertMatchesKey(c, ID);
  }

  private static void validity(X509Certificate c) throws Exception {
    Instant from = c.getNotBefore().toInstant();
    assertFalse(from.isBefore(Instant.parse("2025-10-01T00:00:00Z")));
    assertTrue(from.isBefore(Instant.parse("2025-11-30T00:00:00Z")));
    assertEquals(0, from.getEpochSecond() % 86400, "starts at midnight UTC");
    assertEquals(
        from.atZone(ZoneOffset.UTC).plusYears(5).minusSeconds(1).toInstant(),
        c.getNotAfter().toInstant());
    c.checkValidity(Date.from(Instant.parse("2029-01-01T00:00:00Z")));
  }

  @Test
  void signCertificate() throws Exception {
    X509Certificate c = ID.signCertificate();
    String dn = c.getSubjectX500Principal().getName();
    assertTrue(dn.matches("CN=[0-9A-Z]{23},L=Test-shi,C=JP"), dn);
    c.verify(ID.signCaCertificate().getPublicKey());
    boolean[] ku = c.getKeyUsage();
    assertTrue(ku[0] && ku[1], "digitalSignature and nonRepudiation");
    validity(c);
    commonChecks(c, ID.signCertificateDer());
    assertMatchesKey(c, ID);

    Collection<List<?>> san = c.getSubjectAlternativeNames();
    assertNotNull(san);
    List<String> found = new ArrayList<>();
    for (List<?> entry : san) {
      assertEquals(0, entry.get(0), "otherName");
      String der = HexFormat.of().formatHex((byte[]) entry.get(1));
      found.add(der);
    }
    assertEquals(6, found.size());
    for (int i = 1; i <= 6; i++) {
      // OID 1.2.392.200149.8.5.5.i = 2A 83 08 8C 9B 55 08 05 05 0i
      String oid = "060a2a83088c9b55080505" + String.format("%02x", i);
      assertTrue(found.get(i - 1).contains(oid), "attribute " + i);
    }
    String name = HexFormat.of().formatHex("テスト 太郎".getBytes(StandardCharsets.UTF_8));
    assertTrue(found.get(0).endsWith(name), "name as UTF8String");
  }

  private static void assertMatchesKey(X509Certificate c, TestIdentity id) throws Exception {
    var key = c.equals(id.authCertificate()) ? id.authPrivateKey() : id.signPrivateKey();
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    s.initVerify(c.getPublicKey());
    s.update(new byte[] {1, 2, 3});
    assertTrue(s.verify(sig));
  }

  @Test
  void caCertificatesCoverTheEndEntities() {
    assertTrue(
        ID.authCaCertificate()
            .getNotAfter()
            .toInstant()
            .isAfter(ID.authCertificate().getNotAfter().toInstant()));
    assertTrue(
        ID.signCaCertificate()
            .getNotBefore()
            .toInstant()
            .isBefore(ID.signCertificate().getNotBefore().toInstant()));
  }

  @Test
  void saveAndLoad(@TempDir Path dir) throws Exception {
    ID.save(dir);
    assertArrayEquals(ID.authCertificateDer(), Files.readAllBytes(dir.resolve("auth-cert.der")));
    TestIdentity loaded = TestIdentity.load(dir);
    assertArrayEquals(ID.authCertificateDer(), loaded.authCertificateDer());
    assertArrayEquals(ID.authCaCertificateDer(), loaded.authCaCertificateDer());
    assertArrayEquals(ID.signCertificateDer(), loaded.signCertificateDer());
    assertArrayEquals(ID.signCaCertificateDer(), loaded.signCaCertificateDer());
    assertEquals(
        ID.authPrivateKey().getPrivateExponent(), loaded.authPrivateKey().getPrivateExponent());
    assertEquals(
        ID.signPrivateKey().getCrtCoefficient(), loaded.signPrivateKey().getCrtCoefficient());
    try (var files = Files.list(dir)) {
      assertEquals(6, files.count(), "no temporary files left");
    }
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dir.resolve("sign-key.pk8"))));
    }
  }

  @Test
  void loadRefusesMismatchedOrMissingFiles(@TempDir Path dir) throws Exception {
    ID.save(dir);
    Files.copy(
        dir.resolve("sign-key.pk8"),
        dir.resolve("auth-key.pk8"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThrows(java.io.IOException.class, () -> TestIdentity.load(dir));
    Files.delete(dir.resolve("auth-key.pk8"));
    assertThrows(java.io.IOException.class, () -> TestIdentity.load(dir));
  }

  /** A PKCS#7 bag around the right certificate, which the JDK would read, is not a certificate. */
  @Test
  void loadRefusesACertificateInAPkcs7Bag(@TempDir Path dir) throws Exception {
    ID.save(dir);
    byte[] bag = Pkcs7Bag.around(ID.authCertificateDer());
    assertEquals(
        1,
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificates(new java.io.ByteArrayInputStream(bag))
            .size());
    Files.write(dir.resolve("auth-cert.der"), bag);
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> TestIdentity.load(dir));
    assertTrue(e.getMessage().contains("authentication certificate"), e.getMessage());
  }
}
