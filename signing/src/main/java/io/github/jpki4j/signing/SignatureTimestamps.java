package io.github.jpki4j.signing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The RFC 3161 signature timestamp of a CMS signer: the unsigned attribute
 * id-aa-signatureTimeStampToken, whose imprint is a digest of the signer's signature value.
 */
final class SignatureTimestamps {
  /** id-aa-signatureTimeStampToken (RFC 3161 appendix A). */
  static final ASN1ObjectIdentifier ATTRIBUTE = PKCSObjectIdentifiers.id_aa_signatureTimeStampToken;

  private SignatureTimestamps() {}

  /** The signer's first timestamp, checked; null when it has none. */
  static CmsVerification.Timestamp check(
      SignerInformation signer, Supplier<TrustAnchors> tsaAnchors) {
    AttributeTable unsigned = signer.getUnsignedAttributes();
    Attribute attribute = unsigned == null ? null : unsigned.get(ATTRIBUTE);
    if (attribute == null) {
      return null;
    }
    TimeStampToken token;
    try {
      token = new TimeStampToken(ContentInfo.getInstance(attribute.getAttrValues().getObjectAt(0)));
    } catch (TSPException | IOException | RuntimeException e) {
      return new CmsVerification.Timestamp(
          null, null, "the timestamp is not an RFC 3161 token (" + e.getMessage() + ")");
    }
    Instant time = token.getTimeStampInfo().getGenTime().toInstant();
    X509Certificate tsa = EmbeddedCertificates.named(token.getCertificates(), token.getSID());
    String authority = tsa == null ? null : tsa.getSubjectX500Principal().getName();
    return new CmsVerification.Timestamp(
        time, authority, problem(token, tsa, signer, tsaAnchors.get()));
  }

  private static String problem(
      TimeStampToken token, X509Certificate tsa, SignerInformation signer, TrustAnchors anchors) {
    ASN1ObjectIdentifier imprintAlgorithm = token.getTimeStampInfo().getMessageImprintAlgOID();
    String digest = DigestNames.of(imprintAlgorithm);
    if (digest == null) {
      return "the timestamp's imprint uses an unknown digest " + imprintAlgorithm.getId();
    }
    byte[] expected;
    try {
      expected = MessageDigest.getInstance(digest).digest(signer.getSignature());
    } catch (GeneralSecurityException e) {
      return "the timestamp's imprint uses a digest this Java lacks: " + digest;
    }
    if (!Arrays.equals(expected, token.getTimeStampInfo().getMessageImprintDigest())) {
      return "the timestamp is over other bytes, not this signature value";
    }
    if (tsa == null) {
      return "the timestamp does not hold its authority's certificate";
    }
    try {
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
    } catch (TSPValidationException e) {
      return "the timestamp does not check: " + e.getMessage();
    } catch (TSPException | OperatorCreationException e) {
      return "the timestamp's signature does not check (" + e.getMessage() + ")";
    }
    Instant time = token.getTimeStampInfo().getGenTime().toInstant();
    CertificateChain chain =
        CertificateChain.check(
            tsa, EmbeddedCertificates.all(token.getCertificates()), anchors, time);
    if (!chain.good()) {
      return "the timestamp authority's certificate does not chain to a trusted root: "
          + chain.problem();
    }
    return null;
  }
}
