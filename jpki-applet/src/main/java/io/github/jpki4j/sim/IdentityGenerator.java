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
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds a {@link TestIdentity} from a seed. The only class of the host side that touches
 * BouncyCastle (for the certificate encoding); signing uses the JDK's SunRsaSign, so no provider
 * is ever registered.
 *
 * <p>Determinism: each key has its own {@link DeterministicRandom} stream, derived from the seed
 * and the key's role. A prime is the first probable prime above a random 1024-bit odd number with
 * the two top bits set ({@link BigInteger#nextProbablePrime()}, which never skips a prime), so the
 * result depends on the seed only, not on the JDK's prime-search internals. Validity dates are
 * fixed, not "now"; PKCS#1 v1.5 signatures are deterministic.
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

      X500Name authCa = caName(AUTH_CA_OU);
      X500Name signCa = caName(SIGN_CA_OU);
      byte[] authCaCert = certificate(authCa, authCaKey, authCa, authCaKey, serial(seed, "auth-ca"),
          CA_NOT_BEFORE, CA_NOT_AFTER, true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null);
      byte[] signCaCert = certificate(signCa, signCaKey, signCa, signCaKey, serial(seed, "sign-ca"),
          CA_NOT_BEFORE, CA_NOT_AFTER, true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null);

      int days = (DeterministicRandom.hash(DeterministicRandom.utf8("validity"), seed)[0] & 0xFF)
          % 60;
      ZonedDateTime from = EE_FIRST_START.plusDays(days).atStartOfDay(ZoneOffset.UTC);
      ZonedDateTime to = from.plusYears(5).minusSeconds(1);

      X500Name authSubject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.C, "JP")
          .addRDN(BCStyle.CN, opaqueId(seed, "auth-cn"))
          .build();
      byte[] authCert = certificate(authCa, authCaKey, authSubject, authKey, serial(seed, "auth"),
          from, to, false, KeyUsage.digitalSignature, null);

      X500Name signSubject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.C, "JP")
          .addRDN(BCStyle.L, SIGN_LOCALITY)
          .addRDN(BCStyle.CN, opaqueId(seed, "sign-cn"))
          .build();
      byte[] signCert = certificate(signCa, signCaKey, signSubject, signKey, serial(seed, "sign"),
          from, to, false, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, attributes());

      return new TestIdentity(authCert, authCaCert, signCert, signCaCert, authKey, signKey);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("could not generate the test identity", e);
    }
  }

  private static X500Name caName(String ou) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.C, "JP")
        .addRDN(BCStyle.O, "JPKI")
        .addRDN(BCStyle.OU, ou)
        .addRDN(BCStyle.OU, CA_OU_2)
        .build();
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
      names[i] = new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
        new ASN1ObjectIdentifier(ATTRIBUTE_OID_PREFIX + (i + 1)),
        new DERTaggedObject(true, 0, new DERUTF8String(ATTRIBUTE_VALUES[i]))
      }));
    }
    return new GeneralNames(names);
  }

  private static byte[] certificate(X500Name issuer, RSAPrivateCrtKey issuerKey, X500Name subject,
      RSAPrivateCrtKey subjectKey, BigInteger serial, ZonedDateTime from, ZonedDateTime to,
      boolean ca, int keyUsage, GeneralNames subjectAltName)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    RSAPublicKey subjectPublic = publicKey(subjectKey);
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
        Date.from(from.toInstant()), Date.from(to.toInstant()), subject, subjectPublic);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    if (ca) {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    }
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    builder.addExtension(Extension.subjectKeyIdentifier, false,
        utils.createSubjectKeyIdentifier(subjectPublic));
    if (!ca) {
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(publicKey(issuerKey)));
    }
    if (subjectAltName != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAltName);
    }
    PrivateKey signer = issuerKey;
    return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)).getEncoded();
  }

  static RSAPublicKey publicKey(RSAPrivateCrtKey key) throws GeneralSecurityException {
    return (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
  }

  /** An RSA-2048 CRT key, e = 65537, from the seed and the key's role. */
  static RSAPrivateCrtKey rsaKey(byte[] seed, String role) throws GeneralSecurityException {
    SecureRandom random =
        new DeterministicRandom(DeterministicRandom.hash(DeterministicRandom.utf8("rsa " + role),
            seed));
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
      RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p1), d.mod(q1),
          q.modInverse(p));
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
      if (p.bitLength() == PRIME_BITS && p.testBit(PRIME_BITS - 2)
          && p.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE)) {
        return p;
      }
    }
  }
}
