package io.github.jpki4j.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds a {@link TestIdentity} from a seed. The only class of the host side that touches
 * BouncyCastle (for the certificate encoding); signing uses the JDK's SunRsaSign, so no provider is
 * ever registered.
 *
 * <p>Determinism: each key has its own {@link DeterministicRandom} stream, derived from the seed
 * and the key's role. A prime is the first probable prime above a random 1024-bit odd number with
 * the two top bits set ({@link BigInteger#nextProbablePrime()}, which never skips a prime), so the
 * result depends on the seed only, not on the JDK's prime-search internals. Validity dates are
 * fixed, not "now"; PKCS#1 v1.5 signatures are deterministic.
 *
 * <p>Profile: the certificates have the shape and size of a real card's (protocol note §7, §11), so
 * that reading one takes several short READ BINARY commands, as on a real card. For the default
 * seed: authentication certificate 1429 bytes (6 reads of 256), signature certificate 1672 (7), CA
 * certificates 1294 and 1279 (the real 2023 roots: 1319 and 1304). The sizes do not depend on the
 * seed. See {@link #caCertificate} and {@link #endEntityCertificate} for the extensions.
 */
final class IdentityGenerator {
  private static final BigInteger E = BigInteger.valueOf(65537);
  private static final int PRIME_BITS = 1024;
  private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  // §7 of the protocol note: subjects like the real ones, clearly marked TEST.
  static final String AUTH_CA_OU = "JPKI for user authentication (TEST)";
  static final String SIGN_CA_OU = "JPKI for digital signature (TEST)";
  static final String CA_OU_2 = "jpki4j test CA";
  static final String SIGN_LOCALITY = "Test-shi";

  /** OIDs {@code 1.2.392.200149.8.5.5.1}–{@code .6}: name, name alt., sex, birth, address, alt. */
  static final String ATTRIBUTE_OID_PREFIX = "1.2.392.200149.8.5.5.";

  static final String[] ATTRIBUTE_VALUES = {
    "テスト 太郎", // 1: name (fictitious)
    "TESUTO TARO", // 2: name, alternative form
    "1", // 3: sex
    "20000101", // 4: birth date
    "テスト県テスト市テスト町1-2-3", // 5: address (fictitious)
    "TESUTO-KEN TESUTO-SHI TESUTO-CHO 1-2-3" // 6: address, alternative form
  };

  /*
   * Certificate policies. J-LIS's policy arc is 1.2.392.200149.8.5.1; the real policies are, to
   * our knowledge, ...1.1.20 for the signature certificate and ...1.3.30 for the
   * user-authentication certificate (the names jpki-cp-sign-class20 and jpki-cp-auth-class30
   * under which open JPKI tools register them), with a CPS URI qualifier. One open project reports
   * that a JPKI *test* card's signature certificate carries ...1.0.20 instead; unconfirmed. We use
   * the production forms so that code which tells the two certificates apart by policy sees what
   * it will see on a real card; the test roots, not the policy, mark these certificates as TEST.
   * All URIs point to hosts under the reserved TLD .test (RFC 2606), which never resolve.
   */
  static final String AUTH_POLICY_OID = "1.2.392.200149.8.5.1.3.30";
  static final String SIGN_POLICY_OID = "1.2.392.200149.8.5.1.1.20";
  static final String CPS_URI = "http://www.jpki4j.test/cps.html";

  /** What differs between the two services (and their CAs): names, policy, revocation pointers. */
  enum Service {
    AUTH(
        AUTH_CA_OU,
        "公的個人認証サービス利用者証明用（テスト）",
        AUTH_POLICY_OID,
        "http://crl.jpki4j.test/auth/user.crl",
        "http://crl.jpki4j.test/auth/arl.crl",
        "http://ocspauth.jpki4j.test/"),
    SIGN(
        SIGN_CA_OU,
        "公的個人認証サービス署名用（テスト）",
        SIGN_POLICY_OID,
        "http://crl.jpki4j.test/sign/user.crl",
        "http://crl.jpki4j.test/sign/arl.crl",
        "http://ocspsign.jpki4j.test/");

    final String ou;
    final String japaneseOu;
    final String policyOid;
    final String crlUri;
    final String arlUri;
    final String ocspUri;

    Service(
        String ou,
        String japaneseOu,
        String policyOid,
        String crlUri,
        String arlUri,
        String ocspUri) {
      this.ou = ou;
      this.japaneseOu = japaneseOu;
      this.policyOid = policyOid;
      this.crlUri = crlUri;
      this.arlUri = arlUri;
      this.ocspUri = ocspUri;
    }

    /**
     * The CA's name in Japanese, as the real roots carry it in subjectAltName ({@code C=JP,
     * O=公的個人認証サービス, OU=公的個人認証サービス利用者証明用|署名用, OU=地方公共団体情報システム機構}), marked test here like the English
     * subject.
     */
    X500Name japaneseCaName() {
      return new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.C, "JP")
          .addRDN(BCStyle.O, JAPANESE_O)
          .addRDN(BCStyle.OU, japaneseOu)
          .addRDN(BCStyle.OU, JAPANESE_CA_OU_2)
          .build();
    }

    /**
     * The directory name of the end entities' CRL: the CA's name plus one OU, after the real roots'
     * directoryName distribution point (the real end-entity value is not confirmed).
     */
    X500Name crlDirectoryName() {
      return caName(ou, "CRL Distribution Points");
    }
  }

  static final String JAPANESE_O = "公的個人認証サービス";
  static final String JAPANESE_CA_OU_2 = "jpki4j 試験用認証局（本物ではありません）";

  private static final ZonedDateTime CA_NOT_BEFORE =
      LocalDate.of(2025, 1, 1).atStartOfDay(ZoneOffset.UTC);
  private static final ZonedDateTime CA_NOT_AFTER = CA_NOT_BEFORE.plusYears(10).minusSeconds(1);

  /** End-entity certificates start on this day plus 0–59 days taken from the seed. */
  private static final LocalDate EE_FIRST_START = LocalDate.of(2025, 10, 1);

  private IdentityGenerator() {}

  static TestIdentity generate(byte[] seed) {
    try {
      RSAPrivateCrtKey authCaKey = rsaKey(seed, "auth-ca");
      RSAPrivateCrtKey signCaKey = rsaKey(seed, "sign-ca");
      RSAPrivateCrtKey authKey = rsaKey(seed, "auth");
      RSAPrivateCrtKey signKey = rsaKey(seed, "sign");

      byte[] authCaCert = caCertificate(Service.AUTH, authCaKey, serial(seed, "auth-ca"));
      byte[] signCaCert = caCertificate(Service.SIGN, signCaKey, serial(seed, "sign-ca"));

      int days =
          (DeterministicRandom.hash(DeterministicRandom.utf8("validity"), seed)[0] & 0xFF) % 60;
      ZonedDateTime from = EE_FIRST_START.plusDays(days).atStartOfDay(ZoneOffset.UTC);
      ZonedDateTime to = from.plusYears(5).minusSeconds(1);

      X500Name authSubject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.C, "JP")
              .addRDN(BCStyle.CN, opaqueId(seed, "auth-cn"))
              .build();
      byte[] authCert =
          endEntityCertificate(
              Service.AUTH,
              authCaKey,
              authSubject,
              authKey,
              serial(seed, "auth"),
              from,
              to,
              KeyUsage.digitalSignature,
              null);

      X500Name signSubject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.C, "JP")
              .addRDN(BCStyle.L, SIGN_LOCALITY)
              .addRDN(BCStyle.CN, opaqueId(seed, "sign-cn"))
              .build();
      byte[] signCert =
          endEntityCertificate(
              Service.SIGN,
              signCaKey,
              signSubject,
              signKey,
              serial(seed, "sign"),
              from,
              to,
              KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
              attributes());

      return new TestIdentity(authCert, authCaCert, signCert, signCaCert, authKey, signKey);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("could not generate the test identity", e);
    }
  }

  /** {@code C=JP, O=JPKI, OU=<ou>, OU=jpki4j test CA}, then any further OUs. */
  private static X500Name caName(String ou, String... moreOus) {
    X500NameBuilder name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "JP")
            .addRDN(BCStyle.O, "JPKI")
            .addRDN(BCStyle.OU, ou)
            .addRDN(BCStyle.OU, CA_OU_2);
    for (String more : moreOus) {
      name.addRDN(BCStyle.OU, more);
    }
    return name.build();
  }

  /** 23 characters of 0-9A-Z, opaque like the real auth certificate's CN (§7). */
  static String opaqueId(byte[] seed, String role) {
    byte[] h = DeterministicRandom.hash(DeterministicRandom.utf8(role), seed);
    StringBuilder s = new StringBuilder(23);
    for (int i = 0; i < 23; i++) {
      s.append(ID_ALPHABET.charAt((h[i] & 0xFF) % ID_ALPHABET.length()));
    }
    return s.toString();
  }

  private static BigInteger serial(byte[] seed, String role) {
    byte[] h = DeterministicRandom.hash(DeterministicRandom.utf8("serial " + role), seed);
    byte[] eight = new byte[8];
    System.arraycopy(h, 0, eight, 0, 8);
    eight[0] &= 0x7F;
    eight[0] |= 0x01; // positive, never zero, always 8 bytes
    return new BigInteger(1, eight);
  }

  private static GeneralNames attributes() {
    GeneralName[] names = new GeneralName[ATTRIBUTE_VALUES.length];
    for (int i = 0; i < names.length; i++) {
      // otherName: SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String }
      names[i] =
          new GeneralName(
              GeneralName.otherName,
              new DERSequence(
                  new ASN1Encodable[] {
                    new ASN1ObjectIdentifier(ATTRIBUTE_OID_PREFIX + (i + 1)),
                    new DERTaggedObject(true, 0, new DERUTF8String(ATTRIBUTE_VALUES[i]))
                  }));
    }
    return new GeneralNames(names);
  }

  /**
   * A self-signed root shaped like the real 2023 roots (§7): keyUsage, subjectAltName (the CA's
   * name in Japanese, as a directoryName), basicConstraints, cRLDistributionPoints (the CA's own
   * name, where the real roots point to their ARL; here also an http URI), subjectKeyIdentifier, in
   * the real roots' order.
   */
  private static byte[] caCertificate(Service service, RSAPrivateCrtKey key, BigInteger serial)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X500Name name = caName(service.ou);
    RSAPublicKey pub = publicKey(key);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            serial,
            Date.from(CA_NOT_BEFORE.toInstant()),
            Date.from(CA_NOT_AFTER.toInstant()),
            name,
            pub);
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(service.japaneseCaName())));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.cRLDistributionPoints,
        false,
        distributionPoint(new GeneralName(name), uri(service.arlUri)));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pub));
    return sign(builder, key);
  }

  /**
   * An end-entity certificate with the extensions of the real ones (protocol note §11): keyUsage
   * (critical), certificatePolicies (critical, one policy with a CPS URI), subjectAltName (the
   * holder's attributes, signature certificate only), issuerAltName (the CA's Japanese name),
   * cRLDistributionPoints, authorityInfoAccess (OCSP), authority and subject key identifiers.
   *
   * <p>No extendedKeyUsage, on either certificate: as far as we know (J-LIS's published profiles of
   * 署名用/利用者証明用電子証明書) the real ones carry none, and with none RFC 5280 leaves the key usable for any
   * purpose, so TLS client authentication (clientAuth) works without it, in OpenSSL and the JDK
   * alike; adding clientAuth would make the simulated card stricter than a real one. No
   * basicConstraints either (absent means not a CA).
   *
   * <p>certificatePolicies is critical, as J-LIS marks it (to our knowledge, and as open projects
   * that model the JPKI profile do). One consequence is real and worth reproducing: the JDK's PKIX
   * validator refuses a critical policies extension with qualifiers unless the relying party calls
   * {@code PKIXParameters.setPolicyQualifiersRejected(false)}; OpenSSL accepts it.
   */
  private static byte[] endEntityCertificate(
      Service service,
      RSAPrivateCrtKey issuerKey,
      X500Name subject,
      RSAPrivateCrtKey subjectKey,
      BigInteger serial,
      ZonedDateTime from,
      ZonedDateTime to,
      int keyUsage,
      GeneralNames subjectAltName)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    RSAPublicKey subjectPublic = publicKey(subjectKey);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            caName(service.ou),
            serial,
            Date.from(from.toInstant()),
            Date.from(to.toInstant()),
            subject,
            subjectPublic);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    builder.addExtension(
        Extension.certificatePolicies,
        true,
        new CertificatePolicies(
            new PolicyInformation(
                new ASN1ObjectIdentifier(service.policyOid),
                new DERSequence(new PolicyQualifierInfo(CPS_URI)))));
    if (subjectAltName != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAltName);
    }
    builder.addExtension(
        Extension.issuerAlternativeName,
        false,
        new GeneralNames(new GeneralName(service.japaneseCaName())));
    builder.addExtension(
        Extension.cRLDistributionPoints,
        false,
        distributionPoint(new GeneralName(service.crlDirectoryName()), uri(service.crlUri)));
    builder.addExtension(
        Extension.authorityInfoAccess,
        false,
        new AuthorityInformationAccess(AccessDescription.id_ad_ocsp, uri(service.ocspUri)));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        utils.createAuthorityKeyIdentifier(publicKey(issuerKey)));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectPublic));
    return sign(builder, issuerKey);
  }

  /** One distribution point whose fullName lists the names, no reasons, no cRLIssuer. */
  private static CRLDistPoint distributionPoint(GeneralName... names) {
    return new CRLDistPoint(
        new DistributionPoint[] {
          new DistributionPoint(new DistributionPointName(new GeneralNames(names)), null, null)
        });
  }

  private static GeneralName uri(String uri) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
  }

  private static byte[] sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
      throws IOException, OperatorCreationException {
    return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)).getEncoded();
  }

  static RSAPublicKey publicKey(RSAPrivateCrtKey key) throws GeneralSecurityException {
    return (RSAPublicKey)
        KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
  }

  /** An RSA-2048 CRT key, e = 65537, from the seed and the key's role. */
  static RSAPrivateCrtKey rsaKey(byte[] seed, String role) throws GeneralSecurityException {
    SecureRandom random =
        new DeterministicRandom(
            DeterministicRandom.hash(DeterministicRandom.utf8("rsa " + role), seed));
    while (true) {
      BigInteger p = prime(random);
      BigInteger q = prime(random);
      if (p.subtract(q).abs().bitLength() <= PRIME_BITS - 100) {
        continue; // FIPS 186-4 B.3.1: |p - q| > 2^(nlen/2 - 100)
      }
      if (p.compareTo(q) < 0) {
        BigInteger t = p;
        p = q;
        q = t;
      }
      BigInteger p1 = p.subtract(BigInteger.ONE);
      BigInteger q1 = q.subtract(BigInteger.ONE);
      BigInteger lambda = p1.multiply(q1).divide(p1.gcd(q1));
      BigInteger d = E.modInverse(lambda);
      if (d.bitLength() <= PRIME_BITS) {
        continue; // FIPS 186-4: d > 2^(nlen/2)
      }
      BigInteger n = p.multiply(q);
      RSAPrivateCrtKeySpec spec =
          new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1), q.modInverse(p));
      return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec);
    }
  }

  private static BigInteger prime(SecureRandom random) {
    byte[] bytes = new byte[PRIME_BITS / 8];
    while (true) {
      random.nextBytes(bytes);
      bytes[0] |= (byte) 0xC0; // n = p·q then has exactly 2048 bits
      bytes[bytes.length - 1] |= 1;
      BigInteger p = new BigInteger(1, bytes).nextProbablePrime();
      if (p.bitLength() == PRIME_BITS
          && p.testBit(PRIME_BITS - 2)
          && p.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE)) {
        return p;
      }
    }
  }
}
