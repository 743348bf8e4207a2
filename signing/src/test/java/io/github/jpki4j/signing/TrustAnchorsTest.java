package io.github.jpki4j.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.TrustAnchors.JlisRoot;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The six J-LIS roots shipped inside jpki, against the facts in docs/trust.md (serials and validity
 * as J-LIS's table gives them): each is the self-signed root it claims to be.
 */
class TrustAnchorsTest {
  /** serial (hex) and notAfter per root, from the public fingerprint table. */
  private static final Map<JlisRoot, List<String>> TABLE =
      Map.of(
          JlisRoot.AUTHCA01, List.of("01", "2025-10-19T14:59:59Z"),
          JlisRoot.AUTHCA02, List.of("0133C349", "2029-09-14T14:59:59Z"),
          JlisRoot.AUTHCA03, List.of("06D18006", "2033-07-15T14:59:59Z"),
          JlisRoot.SIGNCA01, List.of("01", "2025-10-19T14:59:59Z"),
          JlisRoot.SIGNCA02, List.of("0132C4AB", "2029-09-14T14:59:59Z"),
          JlisRoot.SIGNCA03, List.of("067C6A21", "2033-07-15T14:59:59Z"));

  @Test
  void theSixRootsLoadAndAreTheRootsTheTableNames() throws Exception {
    TrustAnchors jlis = TrustAnchors.jlis();
    assertEquals(6, jlis.certificates().size());
    for (JlisRoot root : JlisRoot.values()) {
      X509Certificate c = root.certificate();
      assertTrue(jlis.certificates().contains(c), root.fileName());
      assertEquals(
          new BigInteger(TABLE.get(root).get(0), 16), c.getSerialNumber(), root.fileName());
      assertEquals(
          Instant.parse(TABLE.get(root).get(1)), c.getNotAfter().toInstant(), root.fileName());
      assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
      c.verify(c.getPublicKey());
      String ou = root.signature() ? "JPKI for digital signature" : "JPKI for user authentication";
      assertEquals(
          "OU=Japan Agency for Local Authority Information Systems,OU=" + ou + ",O=JPKI,C=JP",
          c.getSubjectX500Principal().getName());
      assertTrue(c.getBasicConstraints() >= 0, "a CA");
      assertEquals(root, TrustAnchors.jlisRoot(c).orElseThrow());
      assertEquals(root.description(), jlis.describe(c).orElseThrow());
    }
    assertEquals("J-LIS signature root, generation 3 (signca03)", JlisRoot.SIGNCA03.description());
    assertEquals(
        "J-LIS user-authentication root, generation 1 (authca01)", JlisRoot.AUTHCA01.description());
  }

  @Test
  void aRootWhoseBytesDifferFromItsFingerprintIsRefused() throws Exception {
    byte[] der = JlisRoot.SIGNCA03.certificate().getEncoded();
    assertEquals(JlisRoot.SIGNCA03.certificate(), JlisRoot.SIGNCA03.checked(der));
    der[der.length / 2] ^= 1;
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JlisRoot.SIGNCA03.checked(der));
    assertTrue(e.getMessage().startsWith("jpki is damaged: the J-LIS root signca03 has SHA-256 "));
    // another root's genuine bytes are not this root
    byte[] other = JlisRoot.SIGNCA02.certificate().getEncoded();
    assertThrows(IllegalStateException.class, () -> JlisRoot.SIGNCA03.checked(other));
  }

  @Test
  void givenRootsJoinTheJlisRootsAndKeepTheirOwnNames() throws Exception {
    Instant now = Instant.now();
    X509Certificate mine = TestPki.root("my root", now, now.plusSeconds(3600)).certificate();
    TrustAnchors both = TrustAnchors.jlis().and(TrustAnchors.of(List.of(mine)));
    assertEquals(7, both.certificates().size());
    assertEquals(
        "given root " + mine.getSubjectX500Principal().getName(),
        both.describe(mine).orElseThrow());
    assertTrue(TrustAnchors.jlisRoot(mine).isEmpty());
  }
}
