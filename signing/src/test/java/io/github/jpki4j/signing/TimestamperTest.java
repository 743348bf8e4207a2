package io.github.jpki4j.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.CmsVerification.TimeSource;
import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.OpenSslTsa;
import io.github.jpki4j.testsupport.RequiresTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timestamper against a real RFC 3161 authority ({@code openssl ts -reply} on 127.0.0.1), and
 * CmsVerifier's use of the token: the chain checked at its genTime, and every way a token or a
 * reply can be wrong.
 */
@RequiresTools(ExternalTool.OPENSSL)
class TimestamperTest {
  private static final byte[] CONTENT = "登記申請書\n".getBytes(StandardCharsets.UTF_8);
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir static Path dir;
  private static OpenSslTsa tsa;
  private static TrustAnchors tsaRoot;
  private static TestPki.Issued root;
  private static TestPki.Issued signer;

  @BeforeAll
  static void start() throws Exception {
    tsa = OpenSslTsa.start(dir.resolve("tsa"));
    try (InputStream in = Files.newInputStream(tsa.rootCertificate())) {
      tsaRoot = TrustAnchors.read(in, "the TSA root");
    }
    Instant now = Instant.now();
    root = TestPki.root("test root", now.minus(DAY), now.plus(DAY.multipliedBy(3650)));
    signer = TestPki.endEntity(root, "signer", now.minus(DAY), now.plus(DAY.multipliedBy(30)));
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  @BeforeEach
  void honest() {
    tsa.mode(OpenSslTsa.Mode.HONEST);
  }

  private static CmsVerification verify(byte[] cms, VerifyOptions options) throws Exception {
    List<CmsVerification> all = CmsVerifier.verify(cms, new ByteArrayInputStream(CONTENT), options);
    assertEquals(1, all.size());
    return all.get(0);
  }

  private static VerifyOptions options(Instant at, TrustAnchors tsaAnchors) {
    return new VerifyOptions(TrustAnchors.of(List.of(root.certificate())), at, tsaAnchors);
  }

  private static SignerInformation onlySigner(byte[] cms) throws Exception {
    return new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
  }

  @Test
  void aTimestampedSignatureIsCheckedAtTheTokensTimeAndOpensslAgrees() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    int issued = tsa.tokensIssued();
    Instant before = Instant.now().minusSeconds(2);
    long start = System.nanoTime();
    byte[] stamped = new Timestamper(tsa.url()).timestamp(cms);
    long took = System.nanoTime() - start;
    Instant after = Instant.now().plusSeconds(2);
    assertEquals(issued + 1, tsa.tokensIssued(), "one query per signer");
    System.out.printf(
        "benchmark: one timestamp (HTTP to 127.0.0.1, openssl ts -reply, checks) %.0f ms%n",
        took / 1e6);

    CmsVerification v = verify(stamped, options(null, tsaRoot));
    assertTrue(v.good(), v.toString());
    assertEquals(TimeSource.TIMESTAMP, v.timeSource());
    assertEquals(v.timestamp().time(), v.checkedAt());
    assertTrue(v.checkedAt().isAfter(before) && v.checkedAt().isBefore(after), v.checkedAt() + "");
    assertEquals("CN=jpki4j test TSA,O=jpki4j test,C=JP", v.timestamp().authority());
    assertNull(v.timestamp().problem());

    // the token we embed, as OpenSSL sees it: a timestamp of the signature value
    SignerInformation s = onlySigner(stamped);
    Attribute a = s.getUnsignedAttributes().get(SignatureTimestamps.ATTRIBUTE);
    byte[] token = a.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded();
    tsa.verifyWithOpenssl(token, s.getSignature()).assertOk("openssl ts -verify");
    assertFalse(
        tsa.verifyWithOpenssl(token, CONTENT).exit() == 0, "the token is not over the content");

    // DER in, DER out
    assertArrayEquals(
        stamped, ASN1Primitive.fromByteArray(stamped).getEncoded(ASN1Encoding.DER), "DER");
    // the signed part is untouched: the signature value is the same bytes
    assertEquals(
        new String(onlySigner(cms).getSignature(), StandardCharsets.ISO_8859_1),
        new String(s.getSignature(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void aTimestampFromAnAuthorityOutsideTheTsaAnchorsIsAProblem() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    byte[] stamped = new Timestamper(tsa.url()).timestamp(cms);
    // no --tsa-ca: the Java trust store, which knows nothing of the test TSA
    CmsVerification v = verify(stamped, options(null, null));
    assertFalse(v.good());
    assertEquals(TimeSource.NOW, v.timeSource());
    assertTrue(
        v.timestamp()
            .problem()
            .startsWith(
                "the timestamp authority's certificate does not chain to a trusted root: "
                    + "the chain ends in an unknown root"),
        v.timestamp().problem());
    assertNull(v.chain(), "the signer's own chain is fine now");
  }

  @Test
  void aTimestampKeepsASignatureGoodAfterItsCertificateExpires() throws Exception {
    Instant now = Instant.now();
    TestPki.Issued shortLived =
        TestPki.endEntity(root, "short-lived", now.minus(DAY), now.plusSeconds(3));
    byte[] cms = TestPki.sign(CONTENT, shortLived, List.of(shortLived.certificate()), now);
    byte[] stamped = new Timestamper(tsa.url()).timestamp(cms);
    Instant expiry = shortLived.certificate().getNotAfter().toInstant();
    Await.until(
        "the certificate to expire",
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        () -> Instant.now().isAfter(expiry));

    CmsVerification withToken = verify(stamped, options(null, tsaRoot));
    assertTrue(withToken.good(), withToken.toString());
    assertEquals(TimeSource.TIMESTAMP, withToken.timeSource());

    CmsVerification without = verify(cms, options(null, tsaRoot));
    assertFalse(without.good());
    assertEquals(TimeSource.NOW, without.timeSource());
    assertTrue(without.chain().startsWith("the certificate expired on "), without.chain());

    // a time the user gives wins over the token's
    Instant at = now.plus(DAY);
    CmsVerification given = verify(stamped, options(at, tsaRoot));
    assertEquals(TimeSource.GIVEN, given.timeSource());
    assertTrue(given.chain().startsWith("the certificate expired on "), given.chain());
  }

  @Test
  void aTokenOverOtherBytesIsCaughtAndItsTimeNotUsed() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    CMSSignedData signed = new CMSSignedData(cms);
    SignerInformation s = signed.getSignerInfos().getSigners().iterator().next();
    byte[] otherToken = tsa.token("other bytes".getBytes(StandardCharsets.US_ASCII));
    byte[] forged =
        Timestamper.encode(
            CMSSignedData.replaceSigners(
                signed, new SignerInformationStore(Timestamper.withToken(s, otherToken))));
    CmsVerification v = verify(forged, options(null, tsaRoot));
    assertFalse(v.good());
    assertNull(v.integrity());
    assertNull(v.chain());
    assertEquals(TimeSource.NOW, v.timeSource());
    assertEquals(
        "the timestamp is over other bytes, not this signature value", v.timestamp().problem());
  }

  @Test
  void aReplyToAnotherQueryIsRefused() throws Exception {
    tsa.mode(OpenSslTsa.Mode.OTHER_QUERY);
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    IOException e =
        assertThrows(IOException.class, () -> new Timestamper(tsa.url()).timestamp(cms));
    assertTrue(e.getMessage().contains("answered another query"), e.getMessage());
  }

  @Test
  void aRejectionIsRefused() throws Exception {
    tsa.mode(OpenSslTsa.Mode.REJECTION);
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    IOException e =
        assertThrows(IOException.class, () -> new Timestamper(tsa.url()).timestamp(cms));
    assertEquals(
        "the timestamp authority at " + tsa.url() + " refused the query (status 2)",
        e.getMessage());
  }

  @Test
  void anHttpErrorAndAnUnreachableAuthorityAreOneSentenceEach() throws Exception {
    byte[] cms = TestPki.sign(CONTENT, signer, List.of(signer.certificate()), Instant.now());
    tsa.mode(OpenSslTsa.Mode.HTTP_ERROR);
    IOException http =
        assertThrows(IOException.class, () -> new Timestamper(tsa.url()).timestamp(cms));
    assertEquals(
        "the timestamp authority at " + tsa.url() + " answered HTTP 500", http.getMessage());

    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/tsa");
    }
    IOException unreachable =
        assertThrows(IOException.class, () -> new Timestamper(closed).timestamp(cms));
    assertTrue(
        unreachable
            .getMessage()
            .startsWith("the timestamp authority at " + closed + " cannot be reached"),
        unreachable.getMessage());
    assertNotNull(unreachable.getCause());
  }
}
