package io.github.jpki4j.sshcard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.TestIdentity;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardSshKeysTest {
  private static KeyPair keys;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
  }

  /** The day is the certificate's last one in UTC, whatever this machine's time zone. */
  @ParameterizedTest
  @CsvSource({
    "2030-10-15T00:00:00Z, 2030-10-15",
    "2030-10-15T23:59:59Z, 2030-10-15",
    "2029-12-31T23:59:59Z, 2029-12-31",
    "2050-01-01T00:00:00Z, 2050-01-01",
    "9999-12-31T23:59:59Z, 9999-12-31"
  })
  void commentNamesTheUtcDayTheCertificateEnds(String notAfter, String day) throws Exception {
    X509Certificate cert = certificateEnding(Instant.parse(notAfter));
    assertEquals("mynumbercard-jpki-auth expires " + day, CardSshKeys.defaultComment(cert));
  }

  /** The simulated card's own certificate: the same text as an ISO date formatter gives. */
  @Test
  void commentOfTheSimulatedCardsCertificate() {
    X509Certificate cert = TestIdentity.defaultIdentity().authCertificate();
    String iso =
        DateTimeFormatter.ISO_LOCAL_DATE
            .withZone(ZoneOffset.UTC)
            .format(cert.getNotAfter().toInstant());
    assertEquals(CardSshKeys.COMMENT_PREFIX + " expires " + iso, CardSshKeys.defaultComment(cert));
  }

  private static X509Certificate certificateEnding(Instant notAfter) throws Exception {
    X500Name name = new X500Name("CN=test");
    return new JcaX509CertificateConverter()
        .getCertificate(
            new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.ONE,
                    Date.from(Instant.parse("2000-01-01T00:00:00Z")),
                    Date.from(notAfter),
                    name,
                    keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }
}
