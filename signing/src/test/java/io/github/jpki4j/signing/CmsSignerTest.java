package io.github.jpki4j.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;

/** CmsSigner's CMS: the three signed attributes, the chain inside, detached, and it checks. */
class CmsSignerTest {
  @Test
  void aDetachedSignatureWithContentTypeMessageDigestAndTheGivenSigningTime() throws Exception {
    Instant from = Instant.now().minus(1, ChronoUnit.DAYS);
    Instant to = Instant.now().plus(1, ChronoUnit.DAYS);
    TestPki.Issued root = TestPki.root("signer test root", from, to);
    TestPki.Issued alice = TestPki.endEntity(root, "Alice", from, to);
    byte[] content = "the parties agree\n".getBytes(StandardCharsets.UTF_8);
    Instant at = Instant.parse("2026-05-01T09:00:00Z");

    byte[] cms =
        CmsSigner.signDetached(
            Security.getProvider("SunRsaSign"),
            alice.key(),
            List.of(alice.certificate(), root.certificate()),
            "SHA256withRSA",
            new ByteArrayInputStream(content),
            at);

    CMSSignedData signed = new CMSSignedData(cms);
    assertNull(signed.getSignedContent(), "detached");
    assertEquals(2, signed.getCertificates().getMatches(null).size());
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    assertEquals(3, signer.getSignedAttributes().size());
    assertEquals(
        at,
        Time.getInstance(
                signer
                    .getSignedAttributes()
                    .get(CMSAttributes.signingTime)
                    .getAttrValues()
                    .getObjectAt(0))
            .getDate()
            .toInstant());

    List<CmsVerification> v =
        CmsVerifier.verify(
            cms,
            new ByteArrayInputStream(content),
            new VerifyOptions(TrustAnchors.of(List.of(root.certificate())), null, null));
    assertEquals(1, v.size());
    assertTrue(v.get(0).good(), v.get(0).toString());
    // contentType, signingTime, messageDigest: no algorithm protection attribute
    assertEquals(
        java.util.Set.of("1.2.840.113549.1.9.3", "1.2.840.113549.1.9.5", "1.2.840.113549.1.9.4"),
        java.util.Set.copyOf(v.get(0).signedAttributes()));
    assertEquals("1.2.840.113549.1.1.11", v.get(0).signatureAlgorithmOid());
  }
}
