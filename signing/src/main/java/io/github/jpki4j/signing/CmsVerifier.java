package io.github.jpki4j.signing;

import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;

/**
 * Checks detached CMS SignedData: integrity, the chain to the anchors, and the time.
 *
 * <p>The chain is checked at a trustworthy time: the time the user gives, else a verified RFC 3161
 * signature timestamp's genTime, else now. The signingTime attribute is the signer's own clock: it
 * is reported as claimed and never used. Revocation is never checked ({@link
 * CmsVerification#REVOCATION}).
 */
public final class CmsVerifier {
  private CmsVerifier() {}

  /**
   * Checks every signer of {@code cms} over {@code content} (streamed, read once).
   *
   * @throws SignatureFormatException when {@code cms} is not a CMS SignedData
   */
  public static List<CmsVerification> verify(byte[] cms, InputStream content, VerifyOptions options)
      throws IOException, SignatureFormatException {
    CMSSignedDataParser parser;
    Collection<SignerInformation> signers;
    Store<X509CertificateHolder> store;
    try {
      parser =
          new CMSSignedDataParser(
              new JcaDigestCalculatorProviderBuilder().build(), new CMSTypedStream(content), cms);
      parser.getSignedContent().drain();
      signers = parser.getSignerInfos().getSigners();
      store = parser.getCertificates();
    } catch (CMSException | OperatorCreationException | RuntimeException e) {
      throw new SignatureFormatException("not a CMS SignedData (" + e.getMessage() + ")", e);
    }
    if (signers.isEmpty()) {
      throw new SignatureFormatException("the CMS SignedData holds no signer", null);
    }
    List<X509Certificate> certificates = EmbeddedCertificates.all(store);
    // the Java trust store is read only when a signer has a timestamp
    Supplier<TrustAnchors> tsaAnchors =
        options.tsaAnchors() != null
            ? options::tsaAnchors
            : new Supplier<>() {
              private TrustAnchors loaded;

              @Override
              public TrustAnchors get() {
                if (loaded == null) {
                  loaded = TrustAnchors.javaTrustStore();
                }
                return loaded;
              }
            };
    List<CmsVerification> out = new ArrayList<>();
    for (SignerInformation signer : signers) {
      out.add(check(signer, store, certificates, options, tsaAnchors));
    }
    return List.copyOf(out);
  }

  private static CmsVerification check(
      SignerInformation signer,
      Store<X509CertificateHolder> store,
      List<X509Certificate> certificates,
      VerifyOptions options,
      Supplier<TrustAnchors> tsaAnchors) {
    X509Certificate cert = EmbeddedCertificates.named(store, signer.getSID());
    CmsVerification.Timestamp timestamp = SignatureTimestamps.check(signer, tsaAnchors);
    Instant at;
    CmsVerification.TimeSource source;
    if (options.at() != null) {
      at = options.at();
      source = CmsVerification.TimeSource.GIVEN;
    } else if (timestamp != null && timestamp.problem() == null) {
      at = timestamp.time();
      source = CmsVerification.TimeSource.TIMESTAMP;
    } else {
      at = Instant.now();
      source = CmsVerification.TimeSource.NOW;
    }
    String integrity;
    String chain;
    String anchor = null;
    if (cert == null) {
      integrity =
          "the signature does not hold the signer's certificate, so its value cannot be checked";
      chain = "the signature does not hold the signer's certificate";
    } else {
      integrity = integrity(signer, cert);
      CertificateChain c = CertificateChain.check(cert, certificates, options.anchors(), at);
      chain = c.problem();
      anchor = c.anchor();
    }
    String digest = DigestNames.of(signer.getDigestAlgorithmID().getAlgorithm());
    return new CmsVerification(
        cert,
        integrity,
        chain,
        anchor,
        at,
        source,
        timestamp,
        claimedSigningTime(signer),
        digest != null ? digest : signer.getDigestAlgOID(),
        signer.getEncryptionAlgOID(),
        signedAttributes(signer));
  }

  /** Null when the messageDigest and the signature value check; else the problem. */
  private static String integrity(SignerInformation signer, X509Certificate cert) {
    AttributeTable signed = signer.getSignedAttributes();
    if (signed != null) {
      Attribute md = signed.get(CMSAttributes.messageDigest);
      if (md == null || md.getAttrValues().size() != 1) {
        return "the signed attributes hold no messageDigest";
      }
      ASN1Encodable value = md.getAttrValues().getObjectAt(0);
      if (!(value instanceof ASN1OctetString)
          || !Arrays.equals(((ASN1OctetString) value).getOctets(), signer.getContentDigest())) {
        return "the content has changed: its digest differs from the signed messageDigest";
      }
    }
    try {
      // by the public key: with the certificate, BouncyCastle would check its validity at the
      // signingTime the signer claims
      if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert.getPublicKey()))) {
        return "the signature value does not check with the signer's certificate";
      }
    } catch (CMSException | OperatorCreationException | RuntimeException e) {
      return "the signature does not check (" + e.getMessage() + ")";
    }
    return null;
  }

  private static Instant claimedSigningTime(SignerInformation signer) {
    AttributeTable signed = signer.getSignedAttributes();
    Attribute a = signed == null ? null : signed.get(CMSAttributes.signingTime);
    if (a == null || a.getAttrValues().size() != 1) {
      return null;
    }
    try {
      return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<String> signedAttributes(SignerInformation signer) {
    List<String> out = new ArrayList<>();
    ASN1Set signed = signer.toASN1Structure().getAuthenticatedAttributes();
    if (signed != null) {
      for (ASN1Encodable a : signed) {
        out.add(Attribute.getInstance(a).getAttrType().getId());
      }
    }
    return List.copyOf(out);
  }
}
