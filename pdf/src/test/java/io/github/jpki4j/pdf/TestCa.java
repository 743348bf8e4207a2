package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsSigner;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA for tests, and signers under it that sign PDFs through {@link CmsSigner}. */
final class TestCa {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
  static final Instant NOW = Instant.now();
  static final Instant YEAR_AGO = NOW.minusSeconds(365L * 86400);
  static final Instant IN_A_YEAR = NOW.plusSeconds(365L * 86400);

  final X509Certificate certificate;
  final PrivateKey key;

  /** A signer: its key, certificate and the CA's. */
  record Signer(PrivateKey key, List<X509Certificate> chain) {
    String name() {
      return chain.get(0).getSubjectX500Principal().getName();
    }

    PdfSigner.CmsMaker cms() {
      return (content, time) ->
          CmsSigner.signDetached(
              Security.getProvider("SunRsaSign"), key, chain, "SHA256withRSA", content, time);
    }

    void sign(Path in, Path out) throws Exception {
      PdfSigner.sign(
          in,
          out,
          new SignatureRequest(name(), "test", "here", null, null, SignatureRequest.ROOM),
          cms());
    }
  }

  private TestCa(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  static TestCa create(String cn) throws Exception {
    KeyPair kp = rsa();
    X500Principal name = new X500Principal("C=JP, O=jpki4j test, CN=" + cn);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name, serial(), Date.from(YEAR_AGO), Date.from(IN_A_YEAR), name, kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCa(sign(b, kp.getPrivate()), kp.getPrivate());
  }

  Signer signer(String cn) throws Exception {
    return signer(cn, YEAR_AGO, IN_A_YEAR);
  }

  Signer signer(String cn, Instant from, Instant to) throws Exception {
    KeyPair kp = rsa();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            certificate,
            serial(),
            Date.from(from),
            Date.from(to),
            new X500Principal("C=JP, CN=" + cn),
            kp.getPublic());
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    return new Signer(kp.getPrivate(), List.of(sign(b, key), certificate));
  }

  Path pem(Path dir, String name) throws Exception {
    return pem(dir.resolve(name), certificate);
  }

  static Path pem(Path file, X509Certificate cert) throws Exception {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
    Files.writeString(
        file,
        "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    return file;
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }
}
