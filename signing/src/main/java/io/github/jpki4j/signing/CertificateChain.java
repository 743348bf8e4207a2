package io.github.jpki4j.signing;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PKIX from a certificate to {@link TrustAnchors} at a given time, without revocation (J-LIS serves
 * it only to registered verifiers). JPKI certificates carry a critical certificatePolicies
 * extension with a CPS qualifier, which the JDK rejects by default; it is accepted here. Unlike the
 * JDK, the root itself must be valid at that time too: an expired J-LIS generation only vouches for
 * times when it was valid.
 *
 * @param root the root the chain ends in; null without a chain
 * @param anchor how a person reads that root; null without a chain
 * @param problem null when the chain checks; else the problem, one sentence
 */
public record CertificateChain(X509Certificate root, String anchor, String problem) {
  /** How a problem starts when the chain ends in a root that is not among the anchors. */
  public static final String UNKNOWN_ROOT = "the chain ends in an unknown root: ";

  /** The chain checks. */
  public boolean good() {
    return problem == null;
  }

  /**
   * Checks {@code certificate} against {@code anchors} at {@code at}, with {@code others} (e.g. the
   * certificates in a signature) as candidate intermediates.
   */
  public static CertificateChain check(
      X509Certificate certificate,
      Collection<X509Certificate> others,
      TrustAnchors anchors,
      Instant at) {
    List<X509Certificate> path = build(certificate, others, anchors, at);
    boolean builtAtTime = path != null;
    if (path == null) {
      // the time aside, is there a chain at all? Then the time is the problem.
      path = build(certificate, others, anchors, certificate.getNotBefore().toInstant());
      if (path == null) {
        return new CertificateChain(null, null, unknownRoot(certificate, others));
      }
    }
    X509Certificate root = path.get(path.size() - 1);
    String anchor = anchors.describe(root).orElse(root.getSubjectX500Principal().getName());
    for (int i = 0; i < path.size(); i++) {
      X509Certificate c = path.get(i);
      String what =
          i == 0
              ? "the certificate"
              : i == path.size() - 1
                  ? "the " + anchor
                  : "the CA certificate " + c.getSubjectX500Principal().getName();
      if (at.isAfter(c.getNotAfter().toInstant())) {
        return new CertificateChain(
            root,
            anchor,
            what + " expired on " + c.getNotAfter().toInstant() + " (checked at " + at + ")");
      }
      if (at.isBefore(c.getNotBefore().toInstant())) {
        return new CertificateChain(
            root,
            anchor,
            what
                + " is not valid before "
                + c.getNotBefore().toInstant()
                + " (checked at "
                + at
                + ")");
      }
    }
    if (!builtAtTime) {
      return new CertificateChain(root, anchor, "the chain does not hold at " + at);
    }
    return new CertificateChain(root, anchor, null);
  }

  /** The path from {@code certificate} to its root, the root last; null when there is none. */
  private static List<X509Certificate> build(
      X509Certificate certificate,
      Collection<X509Certificate> others,
      TrustAnchors anchors,
      Instant at) {
    if (anchors.certificates().isEmpty()) {
      return null;
    }
    Set<TrustAnchor> trust = new HashSet<>();
    for (X509Certificate a : anchors.certificates()) {
      trust.add(new TrustAnchor(a, null));
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(certificate);
      PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
      params.setRevocationEnabled(false);
      params.setPolicyQualifiersRejected(false);
      List<X509Certificate> store = new ArrayList<>(others);
      store.add(certificate);
      params.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
      params.setDate(Date.from(at));
      PKIXCertPathBuilderResult r =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      List<X509Certificate> path = new ArrayList<>();
      for (java.security.cert.Certificate c : r.getCertPath().getCertificates()) {
        path.add((X509Certificate) c);
      }
      path.add(r.getTrustAnchor().getTrustedCert());
      return path;
    } catch (CertPathBuilderException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's PKIX is missing: " + e.getMessage(), e);
    }
  }

  /** Names the last certificate reachable from {@code certificate} by issuer names. */
  private static String unknownRoot(
      X509Certificate certificate, Collection<X509Certificate> others) {
    X509Certificate top = certificate;
    for (int hops = 0; hops < 8 && !selfIssued(top); hops++) {
      X509Certificate issuer = null;
      for (X509Certificate o : others) {
        if (o.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && !o.equals(top)) {
          issuer = o;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      top = issuer;
    }
    return UNKNOWN_ROOT
        + (selfIssued(top)
            ? top.getSubjectX500Principal().getName()
            : top.getIssuerX500Principal().getName());
  }

  private static boolean selfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }
}
