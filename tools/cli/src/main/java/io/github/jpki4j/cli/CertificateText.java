package io.github.jpki4j.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/** A certificate as text for people ({@code cert --format text}, {@code status}). */
final class CertificateText {
  static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** Warn this long before the certificate expires (it can be renewed 3 months early). */
  static final Duration EXPIRY_WARNING = Duration.ofDays(90);

  private CertificateText() {}

  /** The serial number in upper-case hex. */
  static String serial(X509Certificate cert) {
    return cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }

  static String render(X509Certificate cert, Clock clock) {
    StringBuilder s = new StringBuilder();
    s.append("Subject:     ").append(cert.getSubjectX500Principal().getName()).append('\n');
    s.append("Issuer:      ").append(cert.getIssuerX500Principal().getName()).append('\n');
    s.append("Serial:      ").append(serial(cert)).append('\n');
    s.append("Valid from:  ").append(DATE.format(cert.getNotBefore().toInstant())).append('\n');
    s.append("Valid until: ")
        .append(DATE.format(cert.getNotAfter().toInstant()))
        .append("  (")
        .append(validity(cert, clock))
        .append(")\n");
    if (cert.getPublicKey() instanceof RSAPublicKey rsa) {
      s.append("Public key:  RSA ")
          .append(rsa.getModulus().bitLength())
          .append(" bits, e=")
          .append(rsa.getPublicExponent())
          .append('\n');
    }
    s.append("Signature:   ").append(cert.getSigAlgName()).append('\n');
    s.append("SHA-256:     ").append(sha256(cert)).append('\n');
    try {
      Map<String, String> holder = HolderAttributes.of(cert);
      if (!holder.isEmpty()) {
        s.append("Holder (personal data in the subjectAltName):\n");
        holder.forEach(
            (k, v) ->
                s.append("  ").append(String.format("%-16s", k + ":")).append(v).append('\n'));
      }
    } catch (CertificateParsingException e) {
      s.append("Alt names:   unreadable (").append(e.getMessage()).append(")\n");
    }
    return s.toString();
  }

  /** "1428 days left", "EXPIRES IN 30 DAYS: renew it at your municipal office", "EXPIRED". */
  static String validity(X509Certificate cert, Clock clock) {
    Instant now = clock.instant();
    Instant end = cert.getNotAfter().toInstant();
    if (now.isAfter(end)) {
      return "EXPIRED";
    }
    if (now.isBefore(cert.getNotBefore().toInstant())) {
      return "not yet valid";
    }
    long days = Duration.between(now, end).toDays();
    if (Duration.between(now, end).compareTo(EXPIRY_WARNING) < 0) {
      return "EXPIRES IN " + days + " DAYS: renew it at your municipal office";
    }
    return days + " days left";
  }

  static String sha256(X509Certificate cert) {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
