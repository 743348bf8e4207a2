package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificates have the size and shape of a real card's (protocol note §7, §11): the extensions
 * real JPKI certificates carry, and sizes that make multi-chunk short READ BINARY the normal case.
 * The JDK reads the extensions ({@code getExtensionValue}); BouncyCastle (test classpath) decodes
 * them; OpenSSL parses and verifies them where it is installed.
 */
class CertificateProfileTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_KEY_ID = "2.5.29.14";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String ISSUER_ALT_NAME = "2.5.29.18";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
  private static final String CERTIFICATE_POLICIES = "2.5.29.32";
  private static final String AUTHORITY_KEY_ID = "2.5.29.35";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";

  /** A moment inside every end-entity certificate's validity, whatever the seed. */
  private static final Date INSIDE = Date.from(Instant.parse("2027-06-01T00:00:00Z"));

  @Test
  void sizesAreThoseOfRealCards() {
    for (TestIdentity id : List.of(ID, TestIdentity.generate(1L), TestIdentity.generate(-42L))) {
      int auth = id.authCertificateDer().length;
      int sign = id.signCertificateDer().length;
      assertTrue(auth >= 1200 && auth <= 1600, "auth certificate " + auth + " B");
      assertTrue(sign > auth && sign < 2000, "sign certificate " + sign + " B, auth " + auth);
      for (byte[] ca : List.of(id.authCaCertificateDer(), id.signCaCertificateDer())) {
        assertTrue(ca.length >= 1200 && ca.length <= 1600, "CA certificate " + ca.length + " B");
      }
      // OpenSC reads ceil(N/256) short chunks: 6 for the auth certificate, 7 for the sign one.
      assertTrue((auth + 255) / 256 >= 5, "auth certificate needs at least 5 short reads");
    }
    // The sizes depend on the profile only, not on the seed (fixed-length serials, moduli, names).
    assertEquals(
        ID.authCertificateDer().length, TestIdentity.generate(1L).authCertificateDer().length);
  }

  @Test
  void endEntityExtensions() throws Exception {
    endEntity(
        ID.authCertificate(),
        ID.authCaCertificate(),
        IdentityGenerator.AUTH_POLICY_OID,
        "http://crl.jpki4j.test/auth/user.crl",
        "http://ocspauth.jpki4j.test/",
        "公的個人認証サービス利用者証明用（テスト）");
    endEntity(
        ID.signCertificate(),
        ID.signCaCertificate(),
        IdentityGenerator.SIGN_POLICY_OID,
        "http://crl.jpki4j.test/sign/user.crl",
        "http://ocspsign.jpki4j.test/",
        "公的個人認証サービス署名用（テスト）");
    assertNull(ID.authCertificate().getExtensionValue(SUBJECT_ALT_NAME), "auth: no holder data");
    assertNotNull(ID.signCertificate().getExtensionValue(SUBJECT_ALT_NAME));
  }

  private static void endEntity(
      X509Certificate c,
      X509Certificate ca,
      String policy,
      String crl,
      String ocsp,
      String japaneseOu)
      throws Exception {
    assertEquals(Set.of(KEY_USAGE, CERTIFICATE_POLICIES), c.getCriticalExtensionOIDs());
    assertTrue(
        c.getNonCriticalExtensionOIDs()
            .containsAll(
                List.of(
                    ISSUER_ALT_NAME,
                    CRL_DISTRIBUTION_POINTS,
                    AUTHORITY_INFO_ACCESS,
                    AUTHORITY_KEY_ID,
                    SUBJECT_KEY_ID)));
    assertNull(c.getExtendedKeyUsage(), "no extendedKeyUsage, like the real certificates");
    assertNull(c.getExtensionValue(EXTENDED_KEY_USAGE));
    assertNull(c.getExtensionValue(BASIC_CONSTRAINTS));
    assertEquals(-1, c.getBasicConstraints());

    // certificatePolicies: one JPKI policy with a CPS URI
    CertificatePolicies policies = CertificatePolicies.getInstance(value(c, CERTIFICATE_POLICIES));
    assertEquals(1, policies.getPolicyInformation().length);
    PolicyInformation info = policies.getPolicyInformation()[0];
    assertEquals(policy, info.getPolicyIdentifier().getId());
    assertTrue(policy.startsWith("1.2.392.200149.8.5.1."), policy);
    PolicyQualifierInfo qualifier =
        PolicyQualifierInfo.getInstance(info.getPolicyQualifiers().getObjectAt(0));
    assertEquals(PolicyQualifierId.id_qt_cps, qualifier.getPolicyQualifierId());
    assertEquals(IdentityGenerator.CPS_URI, testUri(qualifier.getQualifier()));

    // cRLDistributionPoints: the CA's name plus an OU, and an http URI
    CRLDistPoint crldp = CRLDistPoint.getInstance(value(c, CRL_DISTRIBUTION_POINTS));
    assertEquals(1, crldp.getDistributionPoints().length);
    GeneralName[] names = fullName(crldp.getDistributionPoints()[0]);
    assertEquals(2, names.length);
    assertEquals(GeneralName.directoryName, names[0].getTagNo());
    X500Name crlName = X500Name.getInstance(names[0].getName());
    RDN[] issuer = X500Name.getInstance(c.getIssuerX500Principal().getEncoded()).getRDNs();
    RDN[] crlRdns = crlName.getRDNs();
    assertEquals(issuer.length + 1, crlRdns.length);
    for (int i = 0; i < issuer.length; i++) {
      assertEquals(issuer[i], crlRdns[i], "the CRL's name starts with the CA's");
    }
    assertEquals("CRL Distribution Points", value(crlRdns[issuer.length]));
    assertEquals(GeneralName.uniformResourceIdentifier, names[1].getTagNo());
    assertEquals(crl, testUri(names[1].getName()));

    // authorityInfoAccess: an OCSP responder
    AccessDescription[] aia =
        AuthorityInformationAccess.getInstance(value(c, AUTHORITY_INFO_ACCESS))
            .getAccessDescriptions();
    assertEquals(1, aia.length);
    assertEquals(AccessDescription.id_ad_ocsp, aia[0].getAccessMethod());
    assertEquals(ocsp, testUri(aia[0].getAccessLocation().getName()));

    // issuerAltName: the CA's name in Japanese, as a directoryName
    japaneseCaName(value(c, ISSUER_ALT_NAME), japaneseOu);

    // key identifiers: the AKI is the CA's SKI, the SKI the SHA-1 of the subject's key
    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(value(c, AUTHORITY_KEY_ID));
    assertArrayEquals(
        SubjectKeyIdentifier.getInstance(value(ca, SUBJECT_KEY_ID)).getKeyIdentifier(),
        aki.getKeyIdentifierOctets());
    assertArrayEquals(
        keyId(c), SubjectKeyIdentifier.getInstance(value(c, SUBJECT_KEY_ID)).getKeyIdentifier());
  }

  @Test
  void caExtensions() throws Exception {
    caCertificate(
        ID.authCaCertificate(), "http://crl.jpki4j.test/auth/arl.crl", "公的個人認証サービス利用者証明用（テスト）");
    caCertificate(
        ID.signCaCertificate(), "http://crl.jpki4j.test/sign/arl.crl", "公的個人認証サービス署名用（テスト）");
  }

  private static void caCertificate(X509Certificate ca, String arl, String japaneseOu)
      throws Exception {
    assertEquals(Set.of(KEY_USAGE, BASIC_CONSTRAINTS), ca.getCriticalExtensionOIDs());
    assertEquals(
        Set.of(SUBJECT_ALT_NAME, CRL_DISTRIBUTION_POINTS, SUBJECT_KEY_ID),
        ca.getNonCriticalExtensionOIDs());
    japaneseCaName(value(ca, SUBJECT_ALT_NAME), japaneseOu);
    CRLDistPoint crldp = CRLDistPoint.getInstance(value(ca, CRL_DISTRIBUTION_POINTS));
    GeneralName[] names = fullName(crldp.getDistributionPoints()[0]);
    assertEquals(2, names.length);
    assertEquals(GeneralName.directoryName, names[0].getTagNo());
    assertArrayEquals(
        ca.getSubjectX500Principal().getEncoded(),
        X500Name.getInstance(names[0].getName()).getEncoded(),
        "the root names itself, as J-LIS's do");
    assertEquals(arl, testUri(names[1].getName()));
    assertArrayEquals(
        keyId(ca), SubjectKeyIdentifier.getInstance(value(ca, SUBJECT_KEY_ID)).getKeyIdentifier());
  }

  @Test
  void endEntitiesValidateUnderTheirRootsWithPkix() throws Exception {
    ID.authCertificate().verify(ID.authCaCertificate().getPublicKey());
    ID.signCertificate().verify(ID.signCaCertificate().getPublicKey());
    pkix(ID.authCertificate(), ID.authCaCertificate(), IdentityGenerator.AUTH_POLICY_OID);
    pkix(ID.signCertificate(), ID.signCaCertificate(), IdentityGenerator.SIGN_POLICY_OID);
  }

  private static void pkix(X509Certificate ee, X509Certificate ca, String policy) throws Exception {
    var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(ee));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false); // the .test CRL and OCSP hosts never resolve
    params.setDate(INSIDE);
    // The JDK's default refuses a critical certificatePolicies extension with qualifiers (RFC
    // 5280 lets it); a Java relying party must switch that off for JPKI certificates, as here.
    CertPathValidatorException refused =
        assertThrows(
            CertPathValidatorException.class,
            () -> CertPathValidator.getInstance("PKIX").validate(path, params));
    assertTrue(refused.getMessage().contains("critical policy qualifiers"), refused.getMessage());

    params.setPolicyQualifiersRejected(false);
    params.setExplicitPolicyRequired(true);
    params.setInitialPolicies(Set.of(policy));
    var result =
        (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, params);
    assertEquals(ca.getPublicKey(), result.getTrustAnchor().getTrustedCert().getPublicKey());
    assertEquals(policy, result.getPolicyTree().getChildren().next().getValidPolicy());
  }

  @Test
  void theDefaultIdentityIsPinned() throws Exception {
    // Same seed, same bytes, in every JVM and on every run (no clock, no system randomness).
    // If the profile changes on purpose, print the new digests and replace these.
    assertEquals(
        List.of(
            "4494c814a59f5fa76afce24b66a11ce6e786d8010e6521200a239a64606a26b2",
            "5ebfea081e6f4f767f73a211aac9170e6c0572fa1c8163f719f00016697a2233",
            "53ce1f4bc23992d7670553005effed017186b4ece3318d75766248a3044483a4",
            "8cb8b38103b112f64960578f2ef52738ce9763bd4f3e4ca528a30d539d2a1be2"),
        List.of(
            sha256(ID.authCertificateDer()),
            sha256(ID.authCaCertificateDer()),
            sha256(ID.signCertificateDer()),
            sha256(ID.signCaCertificateDer())));
  }

  @Test
  @RequiresTools(ExternalTool.OPENSSL)
  void openSslParsesAndVerifies(@TempDir Path dir) throws Exception {
    String auth = text(ID.authCertificateDer());
    for (String expected :
        List.of(
            "X509v3 Certificate Policies: critical",
            "Policy: " + IdentityGenerator.AUTH_POLICY_OID,
            "CPS: " + IdentityGenerator.CPS_URI,
            "X509v3 Issuer Alternative Name",
            "X509v3 CRL Distribution Points",
            "URI:http://crl.jpki4j.test/auth/user.crl",
            "OCSP - URI:http://ocspauth.jpki4j.test/",
            "X509v3 Authority Key Identifier",
            "X509v3 Subject Key Identifier",
            "X509v3 Key Usage: critical",
            "Digital Signature")) {
      assertTrue(auth.contains(expected), expected + " in\n" + auth);
    }
    String sign = text(ID.signCertificateDer());
    assertTrue(sign.contains("Policy: " + IdentityGenerator.SIGN_POLICY_OID), sign);
    assertTrue(sign.contains("othername: 1.2.392.200149.8.5.5.6"), sign);
    assertTrue(sign.contains("OCSP - URI:http://ocspsign.jpki4j.test/"), sign);
    for (byte[] ca : List.of(ID.authCaCertificateDer(), ID.signCaCertificateDer())) {
      String t = text(ca);
      assertTrue(
          t.contains("CA:TRUE")
              && t.contains("X509v3 CRL Distribution Points")
              && t.contains("X509v3 Subject Alternative Name"),
          t);
    }

    long at = INSIDE.toInstant().getEpochSecond();
    for (String[] pair :
        List.of(
            new String[] {
              "auth",
              pem(dir, "auth", ID.authCertificateDer()),
              pem(dir, "auth-ca", ID.authCaCertificateDer())
            },
            new String[] {
              "sign",
              pem(dir, "sign", ID.signCertificateDer()),
              pem(dir, "sign-ca", ID.signCaCertificateDer())
            })) {
      Result r = openssl("verify", "-attime", Long.toString(at), "-CAfile", pair[2], pair[1]);
      assertEquals(0, r.exit(), pair[0] + ": " + r.out() + r.err());
      assertTrue(r.out().contains(": OK"), pair[0] + ": " + r.out() + r.err());
    }
  }

  // --- helpers ---

  /** The extension's value, taken from the JDK's certificate and decoded by BouncyCastle. */
  private static ASN1Primitive value(X509Certificate c, String oid) throws IOException {
    byte[] wrapped = c.getExtensionValue(oid);
    assertNotNull(wrapped, oid + " present");
    return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets());
  }

  private static GeneralName[] fullName(DistributionPoint point) {
    assertNull(point.getReasons());
    assertNull(point.getCRLIssuer());
    DistributionPointName name = point.getDistributionPoint();
    assertEquals(DistributionPointName.FULL_NAME, name.getType());
    return GeneralNames.getInstance(name.getName()).getNames();
  }

  private static void japaneseCaName(ASN1Primitive value, String japaneseOu) {
    GeneralName[] names = GeneralNames.getInstance(value).getNames();
    assertEquals(1, names.length);
    assertEquals(GeneralName.directoryName, names[0].getTagNo());
    X500Name name = X500Name.getInstance(names[0].getName());
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      values.add(value(rdn));
    }
    assertEquals(
        List.of("JP", "公的個人認証サービス", japaneseOu, IdentityGenerator.JAPANESE_CA_OU_2), values);
    assertEquals(BCStyle.OU, name.getRDNs()[2].getFirst().getType());
  }

  private static String value(RDN rdn) {
    return ((ASN1String) rdn.getFirst().getValue()).getString();
  }

  /** The URI, after checking that it is an http URI on a host under the reserved TLD .test. */
  private static String testUri(Object asn1) {
    String s = ((ASN1String) asn1).getString();
    URI uri = URI.create(s);
    assertEquals("http", uri.getScheme(), s);
    assertTrue(uri.getHost().endsWith(".test"), s);
    return s;
  }

  /** The RFC 5280 method-1 key identifier: SHA-1 of the subjectPublicKey BIT STRING's bits. */
  private static byte[] keyId(X509Certificate c) throws Exception {
    var spki =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(c.getPublicKey().getEncoded());
    return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
  }

  private static String sha256(byte[] der) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }

  private static String text(byte[] der) throws Exception {
    Result r = opensslWithInput(der, "x509", "-inform", "DER", "-noout", "-text");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().isBlank(), r.err());
    return r.out();
  }

  private static String pem(Path dir, String name, byte[] der) throws IOException {
    Path file = dir.resolve(name + ".pem");
    Files.writeString(
        file,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    return file.toString();
  }

  private static Result openssl(String... args) throws Exception {
    return opensslWithInput(null, args);
  }

  private static Result opensslWithInput(byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    try {
      return TestProcess.of(command).stdin(stdin).timeout(Duration.ofSeconds(30)).run();
    } catch (IOException e) {
      return new Result(-1, "", e.getMessage()); // not installed
    }
  }
}
