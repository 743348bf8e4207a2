package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.TrustAnchors.JlisRoot;
import io.github.jpki4j.sim.TestIdentity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What {@code cert --format text} and {@code status} say about trust: the simulated card's test
 * root is not J-LIS's, the J-LIS roots are named by generation, and an expired generation says so.
 */
class CardTrustTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @Test
  void theSimulatedCardsCertificatesEndInATestRoot() {
    Instant inside = ID.authCertificate().getNotBefore().toInstant().plusSeconds(60);
    assertEquals(
        "not a J-LIS root: it ends in "
            + ID.authCaCertificate().getSubjectX500Principal().getName()
            + ", which jpki does not trust",
        CardTrust.describe(ID.authCertificate(), ID.authCaCertificate(), inside));
    assertEquals(
        "not a J-LIS root: it ends in "
            + ID.signCaCertificate().getSubjectX500Principal().getName()
            + ", which jpki does not trust",
        CardTrust.describe(ID.signCertificate(), ID.signCaCertificate(), inside));
    assertEquals(
        "not a J-LIS root: a root of its own, which jpki does not trust",
        CardTrust.describe(ID.signCaCertificate(), null, inside));
    // the card's own CA does not make it trusted, even when it is the certificate's issuer
    assertEquals(
        "not a J-LIS root: it ends in "
            + ID.signCaCertificate().getIssuerX500Principal().getName()
            + ", which jpki does not trust",
        CardTrust.describe(ID.signCertificate(), null, inside));
  }

  @Test
  void aJlisRootIsNamedByItsGeneration() {
    assertEquals(
        "is the J-LIS signature root, generation 2 (signca02)",
        CardTrust.describe(JlisRoot.SIGNCA02.certificate(), null, Instant.now()));
    assertEquals(
        "is the J-LIS user-authentication root, generation 3 (authca03)",
        CardTrust.describe(
            TrustAnchors.jlis().certificates().get(2),
            null,
            Instant.parse("2030-01-01T00:00:00Z")));
  }
}
