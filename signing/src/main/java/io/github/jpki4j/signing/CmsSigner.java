package io.github.jpki4j.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Makes detached CMS SignedData (DER ContentInfo) with any private key: the card's through the
 * {@code JPKI} provider. Signed attributes contentType, messageDigest and signingTime; the chain's
 * certificates inside.
 */
public final class CmsSigner {
  private CmsSigner() {}

  /**
   * Signs {@code content} (streamed, read once), with the time of signing as signingTime.
   *
   * @param signatureAlgorithm e.g. SHA256withRSA
   * @param chain the signer's certificate first, then its CA certificate
   */
  public static byte[] signDetached(
      Provider provider,
      PrivateKey key,
      List<X509Certificate> chain,
      String signatureAlgorithm,
      InputStream content)
      throws IOException, GeneralSecurityException {
    return signDetached(provider, key, chain, signatureAlgorithm, content, Instant.now());
  }

  /**
   * Signs {@code content} (streamed, read once) with {@code signingTime} as the signingTime
   * attribute: a PDF signature gives the same time as its /M.
   */
  public static byte[] signDetached(
      Provider provider,
      PrivateKey key,
      List<X509Certificate> chain,
      String signatureAlgorithm,
      InputStream content,
      Instant signingTime)
      throws IOException, GeneralSecurityException {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no signer certificate");
    }
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .setSignedAttributeGenerator(new ThreeAttributes(signingTime))
              .build(signer, chain.get(0)));
      generator.addCertificates(new JcaCertStore(chain));
      return generator.generate(new StreamedContent(content), false).getEncoded(ASN1Encoding.DER);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no " + signatureAlgorithm + ": " + e.getMessage(), e);
    } catch (CMSException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new GeneralSecurityException("the signature could not be made: " + e.getMessage(), e);
    }
  }

  /** contentType, messageDigest and signingTime: no CMS algorithm protection attribute. */
  private static final class ThreeAttributes implements CMSAttributeTableGenerator {
    private final Instant signingTime;

    ThreeAttributes(Instant signingTime) {
      this.signingTime = signingTime;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public AttributeTable getAttributes(Map parameters) {
      AttributeTable defaults =
          new DefaultSignedAttributeTableGenerator().getAttributes(new HashMap<>(parameters));
      return defaults
          .remove(CMSAttributes.cmsAlgorithmProtect)
          .remove(CMSAttributes.signingTime)
          .add(CMSAttributes.signingTime, new Time(Date.from(signingTime)));
    }
  }

  /** Content written through once, straight from its stream. */
  private static final class StreamedContent implements CMSTypedData {
    private final InputStream in;

    StreamedContent(InputStream in) {
      this.in = in;
    }

    @Override
    public ASN1ObjectIdentifier getContentType() {
      return CMSObjectIdentifiers.data;
    }

    @Override
    public void write(OutputStream out) throws IOException {
      in.transferTo(out);
    }

    @Override
    public Object getContent() {
      return in;
    }
  }
}
