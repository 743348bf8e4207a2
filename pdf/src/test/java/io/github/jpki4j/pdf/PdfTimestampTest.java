package io.github.jpki4j.pdf;

import static io.github.jpki4j.pdf.PdfSignVerifyTest.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.CmsVerification;
import io.github.jpki4j.signing.Timestamper;
import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.VerifyOptions;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.OpenSslTsa;
import io.github.jpki4j.testsupport.RequiresTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3161 signature timestamps in PDF signatures, from a real authority ({@code openssl ts} on
 * 127.0.0.1): a good one is a WARN (filings may refuse it) and sets the time the chain is checked
 * at; one over other bytes is a FAIL.
 */
@RequiresTools(ExternalTool.OPENSSL)
class PdfTimestampTest {
  @TempDir static Path tsaDir;
  private static OpenSslTsa tsa;
  private static TestCa ca;
  private static TestCa.Signer alice;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    tsa = OpenSslTsa.start(tsaDir);
    ca = TestCa.create("ts test root");
    alice = ca.signer("Alice");
  }

  @AfterAll
  static void stop() {
    if (tsa != null) {
      tsa.close();
    }
  }

  private VerifyOptions options() throws Exception {
    try (InputStream in = Files.newInputStream(tsa.rootCertificate())) {
      return new VerifyOptions(
          TrustAnchors.of(List.of(ca.certificate)), null, TrustAnchors.read(in, "tsa root"));
    }
  }

  private Path sign(PdfSigner.CmsMaker maker) throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 1);
    Path out = dir.resolve("stamped.pdf");
    PdfSigner.sign(
        in,
        out,
        new SignatureRequest(
            alice.name(), null, null, null, null, SignatureRequest.ROOM_WITH_TIMESTAMP),
        maker);
    return out;
  }

  @Test
  void aGoodTimestampIsAWarningAndGivesTheTimeOfTheCheck() throws Exception {
    Timestamper timestamper = new Timestamper(tsa.url());
    Path out = sign((content, time) -> timestamper.timestamp(alice.cms().sign(content, time)));

    PdfReport r = PdfVerifier.verify(out, options());
    assertTrue(r.passes(), () -> PdfSignVerifyTest.text(r));
    SignatureReport s = r.signatures().get(0);
    Check t = check(s, "timestamp");
    assertEquals(Check.Verdict.WARN, t.verdict(), t::toString);
    assertTrue(t.found().contains(FilingRules.REFUSED_TIMESTAMP), t.found());
    assertNotNull(s.cms().timestamp());
    assertEquals(CmsVerification.TimeSource.TIMESTAMP, s.cms().timeSource());
  }

  @Test
  void aTimestampOverOtherBytesFails() throws Exception {
    Path out =
        sign(
            (content, time) -> {
              try {
                return withTokenOverOtherBytes(alice.cms().sign(content, time));
              } catch (CMSException | InterruptedException e) {
                throw new java.io.IOException(e);
              }
            });

    PdfReport r = PdfVerifier.verify(out, options());
    assertFalse(r.passes());
    SignatureReport s = r.signatures().get(0);
    assertEquals(Check.Verdict.PASS, check(s, "integrity").verdict());
    Check t = check(s, "timestamp");
    assertEquals(Check.Verdict.FAIL, t.verdict(), t::toString);
  }

  // the signer's unsigned attributes get a genuine token, but over bytes other than its signature
  private static byte[] withTokenOverOtherBytes(byte[] cms)
      throws java.io.IOException, CMSException, InterruptedException {
    CMSSignedData signed = new CMSSignedData(cms);
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    byte[] token = tsa.token("some other bytes".getBytes(StandardCharsets.US_ASCII));
    Attribute attribute =
        new Attribute(
            PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
            new DERSet(ASN1Primitive.fromByteArray(token)));
    SignerInformation stamped =
        SignerInformation.replaceUnsignedAttributes(
            signer, new AttributeTable(new DERSet(attribute)));
    return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped))
        .getEncoded(ASN1Encoding.DER);
  }
}
