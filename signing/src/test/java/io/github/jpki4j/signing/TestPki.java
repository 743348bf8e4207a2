package io.github.jpki4j.signing;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A throw-away PKI for tests: RSA-2048 roots and end-entity certificates shaped like JPKI's (a
 * critical certificatePolicies with a CPS qualifier), with any validity, and detached CMS made by
 * BouncyCastle's generator with a chosen signingTime.
 */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  record Issued(X509Certificate certificate, PrivateKey key) {}

  private TestPki() {}

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static Issued root(String cn, Instant from, Instant to) throws Exception {
    KeyPair kp = rsa();
    X500Name name = new X500Name("C=JP, O=jpki4j test, CN=" + cn);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name, serial(), Date.from(from), Date.from(to), name, kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
  }

  /** An end-entity certificate like JPKI's signature certificate. */
  static Issued endEntity(Issued issuer, String cn, Instant from, Instant to) throws Exception {
    KeyPair kp = rsa();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer.certificate(),
            serial(),
            Date.from(from),
            Date.from(to),
            new javax.security.auth.x500.X500Principal("C=JP, CN=" + cn),
            kp.getPublic());
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    b.addExtension(
        Extension.certificatePolicies,
        true,
        new CertificatePolicies(
            new PolicyInformation(
                new ASN1ObjectIdentifier("1.2.392.200149.8.5.1.1.10"),
                new DERSequence(new PolicyQualifierInfo("http://www.jpki.go.jp/cps.html")))));
    return new Issued(sign(b, issuer.key()), kp.getPrivate());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws Exception {
    byte[] der = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)).getEncoded();
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  /** Detached DER CMS over {@code content}, with {@code chain} inside and this signingTime. */
  static byte[] sign(
      byte[] content, Issued signer, List<X509Certificate> chain, Instant signingTime)
      throws Exception {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
    AttributeTable attributes = new AttributeTable(v);
    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
    g.addSignerInfoGenerator(
        new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
            .build(
                new JcaContentSignerBuilder("SHA256withRSA").build(signer.key()),
                signer.certificate()));
    g.addCertificates(new JcaCertStore(chain));
    return g.generate(new CMSProcessableByteArray(content), false).getEncoded(ASN1Encoding.DER);
  }
}
