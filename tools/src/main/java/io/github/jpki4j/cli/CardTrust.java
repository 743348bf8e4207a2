package io.github.jpki4j.cli;

import io.github.jpki4j.signing.CertificateChain;
import io.github.jpki4j.signing.TrustAnchors;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Whether a card's certificate chains to a J-LIS root, for {@code cert --format text} and {@code
 * status}. The card's CA certificate only helps to find the path: trust comes from the roots
 * shipped inside jpki, never from the card.
 */
final class CardTrust {
  private CardTrust() {}

  /**
   * E.g. "J-LIS signature root, generation 3 (signca03)", or "not a J-LIS root: it ends in CN=…,
   * which jpki does not trust".
   *
   * @param cardCa the CA certificate read from the same card, or null
   */
  static String describe(X509Certificate cert, X509Certificate cardCa, Instant now) {
    var asRoot = TrustAnchors.jlisRoot(cert);
    if (asRoot.isPresent()) {
      return "is the " + asRoot.get().description();
    }
    if (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
      return "not a J-LIS root: a root of its own, which jpki does not trust";
    }
    CertificateChain chain =
        CertificateChain.check(
            cert, cardCa == null ? List.of() : List.of(cardCa), TrustAnchors.jlis(), now);
    if (chain.root() != null) {
      return chain.good() ? chain.anchor() : chain.anchor() + ", but " + chain.problem();
    }
    X509Certificate top = cardCa != null && issued(cert, cardCa) ? cardCa : null;
    return "not a J-LIS root: it ends in "
        + (top != null
            ? top.getSubjectX500Principal().getName()
            : cert.getIssuerX500Principal().getName())
        + ", which jpki does not trust";
  }

  private static boolean issued(X509Certificate cert, X509Certificate ca) {
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
