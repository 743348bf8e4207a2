package io.github.jpki4j.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.CmsVerification.TimeSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CmsVerifier on signatures made by a throw-away PKI: what is good, and each way it is not. */
class CmsVerifierTest {
  private static final byte[] CONTENT =
      "契約書: the parties agree.\n".getBytes(StandardCharsets.UTF_8);
  private static final Duration DAY = Duration.ofDays(1);

  private static TestPki.Issued root;
  private static TestPki.Issued signer;
  private static TestPki.Issued otherRoot;
  private static Instant now;

  @BeforeAll
  static void pki() throws Exception {
    now = Instant.now();
    root =
        TestPki.root(
            "test root", now.minus(DAY.multipliedBy(400)), now.plus(DAY.multipliedBy(3650)));
    signer = TestPki.endEntity(root, "signer", now.minus(DAY), now.plus(DAY.multipliedBy(30)));
    otherRoot = TestPki.root("another root", now.minus(DAY), now.plus(DAY.multipliedBy(3650)));
  }

  private static VerifyOptions trusting(TestPki.Issued anchor, Instant at) {
    return new VerifyOptions(TrustAnchors.of(List.of(anchor.certificate())), at, null);
  }

  private static CmsVerification verify(byte[] cms, byte[] content, VerifyOptions options)
      throws Exception {
    List<CmsVerification> all = CmsVerifier.verify(cms, new ByteArrayInputStream(content), options);
    assertEquals(1, all.size());
    return all.get(0);
  }

  @Test
  void aGoodSignatureIsCheckedNowAndFillsEveryField() throws Exception {
    Instant claimed = now.minusSeconds(60);
    byte[] cms =
        TestPki.sign(CONTENT, signer, List.of(signer.certificate(), root.certificate()), claimed);
    Instant before = Instant.now();
    CmsVerification v = verify(cms, CONTENT, trusting(root, null));
    assertTrue(v.good(), v.toString());
    assertEquals(signer.certificate(), v.signer());
    assertNull(v.integrity());
    assertNull(v.chain());
    assertEquals(
        "given root " + root.certificate().getSubjectX500Principal().getName(), v.anchor());
    assertEquals(TimeSource.NOW, v.timeSource());
    assertFalse(v.checkedAt().isBefore(before), v.checkedAt() + "");
    assertFalse(v.checkedAt().isAfter(Instant.now()));
    assertNull(v.timestamp());
    assertEquals(claimed.getEpochSecond(), v.claimedSigningTime().getEpochSecond());
    assertEquals("SHA-256", v.digestAlgorithm());
    assertTrue(
        v.signatureAlgorithmOid().startsWith("1.2.840.113549.1.1."), v.signatureAlgorithmOid());
    assertTrue(
        v.signedAttributes()
            .containsAll(
                List.of("1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5")),
        v.signedAttributes().toString());
  }

  @Test
  void aByteChangedInTheContentBreaksIntegrityOnly() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), now);
    byte[] changed = CONTENT.clone();
    changed[changed.length - 2] ^= 1;
    CmsVerification v = verify(cms, changed, trusting(root, null));
    assertFalse(v.good());
    assertEquals(
        "the content has changed: its digest differs from the signed messageDigest", v.integrity());
    assertNull(v.chain(), "the chain itself is fine");
  }

  @Test
  void aByteChangedInTheSignatureValueBreaksIntegrity() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), now);
    // the RSA signature value is the last large OCTET STRING: flip a byte near the end
    cms[cms.length - 10] ^= 1;
    CmsVerification v = verify(cms, CONTENT, trusting(root, null));
    assertFalse(v.good());
    assertNotNull(v.integrity());
    assertTrue(v.integrity().contains("signature"), v.integrity());
  }

  @Test
  void theWrongRootIsAnUnknownRoot() throws Exception {
    byte[] cms =
        TestPki.sign(CONTENT, signer, List.of(signer.certificate(), root.certificate()), now);
    CmsVerification v = verify(cms, CONTENT, trusting(otherRoot, null));
    assertFalse(v.good());
    assertNull(v.integrity());
    assertEquals(
        "the chain ends in an unknown root: "
            + root.certificate().getSubjectX500Principal().getName(),
        v.chain());
    assertNull(v.anchor());
  }

  @Test
  void theJlisRootsDoNotTrustATestRoot() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), now);
    CmsVerification v = verify(cms, CONTENT, new VerifyOptions(TrustAnchors.jlis(), null, null));
    assertFalse(v.good());
    assertTrue(v.chain().startsWith("the chain ends in an unknown root: "), v.chain());
  }

  @Test
  void aCertificateExpiredAtTheGivenTimeIsExpiredNotGood() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), now);
    Instant at = now.plus(DAY.multipliedBy(365 * 15));
    CmsVerification v = verify(cms, CONTENT, trusting(root, at));
    assertFalse(v.good());
    assertEquals(TimeSource.GIVEN, v.timeSource());
    assertEquals(at, v.checkedAt());
    assertEquals(
        "the certificate expired on "
            + signer.certificate().getNotAfter().toInstant()
            + " (checked at "
            + at
            + ")",
        v.chain());
  }

  @Test
  void aSigningTimeWithinTheValidityOfAnExpiredCertificateIsOnlyClaimed() throws Exception {
    TestPki.Issued expired =
        TestPki.endEntity(root, "expired", now.minus(DAY.multipliedBy(10)), now.minus(DAY));
    Instant claimed = now.minus(DAY.multipliedBy(5));
    byte[] cms = TestPki.sign(CONTENT, expired, List.of(expired.certificate()), claimed);
    CmsVerification v = verify(cms, CONTENT, trusting(root, null));
    assertFalse(v.good());
    assertEquals(TimeSource.NOW, v.timeSource());
    assertEquals(claimed.getEpochSecond(), v.claimedSigningTime().getEpochSecond());
    assertTrue(v.chain().startsWith("the certificate expired on "), v.chain());
    assertNull(v.integrity());

    // the same signature checked at the time the user gives, inside the validity, is good
    CmsVerification given = verify(cms, CONTENT, trusting(root, claimed));
    assertTrue(given.good(), given.toString());
  }

  @Test
  void aSigningTimeLongBeforeTheCertificateIsOnlyClaimed() throws Exception {
    Instant claimed = Instant.parse("2001-01-01T00:00:00Z");
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), claimed);
    CmsVerification v = verify(cms, CONTENT, trusting(root, null));
    assertTrue(v.good(), v.toString());
    assertEquals(TimeSource.NOW, v.timeSource());
    assertEquals(claimed, v.claimedSigningTime());
  }

  @Test
  void aRootExpiredAtTheTimeOfCheckingVouchesForNothing() throws Exception {
    TestPki.Issued oldRoot =
        TestPki.root("old root", now.minus(DAY.multipliedBy(100)), now.plus(DAY.multipliedBy(10)));
    TestPki.Issued ee =
        TestPki.endEntity(oldRoot, "signer", now.minus(DAY), now.plus(DAY.multipliedBy(30)));
    byte[] cms = TestPki.sign(CONTENT, ee, List.of(ee.certificate()), now);
    Instant at = now.plus(DAY.multipliedBy(20));
    CmsVerification v = verify(cms, CONTENT, trusting(oldRoot, at));
    assertFalse(v.good());
    assertTrue(
        v.chain()
            .startsWith(
                "the given root "
                    + oldRoot.certificate().getSubjectX500Principal().getName()
                    + " expired on "),
        v.chain());
  }

  @Test
  void bytesThatAreNoCmsAreAFormatError() {
    SignatureFormatException e =
        assertThrows(
            SignatureFormatException.class,
            () ->
                CmsVerifier.verify(
                    "not a signature".getBytes(StandardCharsets.US_ASCII),
                    new ByteArrayInputStream(CONTENT),
                    trusting(root, null)));
    assertTrue(e.getMessage().startsWith("not a CMS SignedData"), e.getMessage());
  }
}
