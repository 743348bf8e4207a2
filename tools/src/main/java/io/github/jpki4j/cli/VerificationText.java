package io.github.jpki4j.cli;

import io.github.jpki4j.signing.CertificateChain;
import io.github.jpki4j.signing.CmsVerification;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/** What {@code cms verify} prints for one signer. */
final class VerificationText {
  /** Said after a chain that ends in a root jpki does not know. */
  static final String HOW_TO_TRUST =
      "only the J-LIS roots are trusted without --ca; to trust your card's own CA (the"
          + " simulated card's is a test root), save it with 'jpki cert sign-ca > ca.pem'"
          + " (auth-ca for the auth key) and add --ca ca.pem";

  private VerificationText() {}

  static String render(CmsVerification v) {
    StringBuilder s = new StringBuilder();
    s.append(v.good() ? "Good" : "BAD")
        .append(" signature by ")
        .append(
            v.signer() == null
                ? "an unknown signer (no certificate in the signature)"
                : v.signer().getSubjectX500Principal().getName())
        .append('\n');
    s.append("  integrity: ")
        .append(v.integrity() == null ? "good" : "BAD: " + v.integrity())
        .append(" (")
        .append(v.digestAlgorithm())
        .append(", ")
        .append(algorithm(v.signatureAlgorithmOid()))
        .append(")\n");
    s.append("  chain: ")
        .append(v.chain() == null ? "good, to the " + v.anchor() : "BAD: " + v.chain())
        .append('\n');
    s.append("  checked at: ")
        .append(time(v.checkedAt()))
        .append(" (")
        .append(source(v.timeSource()))
        .append(")\n");
    s.append("  claimed signing time: ")
        .append(
            v.claimedSigningTime() == null
                ? "none"
                : time(v.claimedSigningTime()) + " (the signer's own clock; not used)")
        .append('\n');
    s.append("  timestamp: ");
    CmsVerification.Timestamp t = v.timestamp();
    if (t == null) {
      s.append("none");
    } else {
      s.append(t.time() == null ? "unreadable" : time(t.time()));
      if (t.authority() != null) {
        s.append(" by ").append(t.authority());
      }
      s.append(t.problem() == null ? ", good" : ", BAD: " + t.problem());
    }
    s.append('\n');
    s.append("  ")
        .append(CmsVerification.REVOCATION)
        .append(" (J-LIS gives it only to registered verifiers)\n");
    return s.toString();
  }

  /** The first problem, one sentence; null when the signature is good. */
  static String problem(CmsVerification v) {
    if (v.integrity() != null) {
      return v.integrity();
    }
    if (v.chain() != null) {
      return (unknownRoot(v)
              ? "the certificate does not chain to a trusted CA: "
              : "the certificate chain does not hold: ")
          + v.chain();
    }
    if (v.timestamp() != null && v.timestamp().problem() != null) {
      return v.timestamp().problem();
    }
    return null;
  }

  static boolean unknownRoot(CmsVerification v) {
    return v.chain() != null && v.chain().startsWith(CertificateChain.UNKNOWN_ROOT);
  }

  private static String source(CmsVerification.TimeSource source) {
    return switch (source) {
      case NOW -> "now";
      case GIVEN -> "the time given with --at";
      case TIMESTAMP -> "the timestamp's time";
    };
  }

  private static String time(Instant t) {
    return CertificateText.DATE.format(t);
  }

  private static String algorithm(String oid) {
    try {
      return new DefaultAlgorithmNameFinder().getAlgorithmName(new ASN1ObjectIdentifier(oid));
    } catch (IllegalArgumentException e) {
      return oid;
    }
  }
}
