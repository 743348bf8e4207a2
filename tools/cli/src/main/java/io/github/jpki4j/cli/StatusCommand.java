package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jpki status}: the card, its PIN counters and its auth certificate, free of charge. */
@Command(
    name = "status",
    description = "Show the card, PIN tries left and the auth" + " certificate. Costs no PIN try.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;

  @Override
  public Integer call() throws Exception {
    try (CardConnector.Session s = root.connector().open()) {
      JpkiCard card = s.card();
      X509Certificate cert = card.readCertificate(JpkiCertificate.AUTH);
      RsaSshPublicKey key = RsaSshPublicKey.of(card.publicKey(JpkiKey.AUTH));
      StringBuilder o = new StringBuilder();
      o.append("Card:           ")
          .append(card.readTokenInfo().label())
          .append(", ")
          .append(s.source())
          .append('\n');
      o.append("Auth PIN:       ").append(card.pinStatus(JpkiPin.AUTH).describe()).append('\n');
      o.append("Sign password:  ")
          .append(
              card.hasSignatureKeyPair()
                  ? card.pinStatus(JpkiPin.SIGN).describe()
                  : NoSignatureKeyException.MESSAGE)
          .append('\n');
      o.append("Auth certificate\n");
      o.append("  subject:      ").append(cert.getSubjectX500Principal().getName()).append('\n');
      o.append("  serial:       ").append(CertificateText.serial(cert)).append('\n');
      o.append("  valid:        ")
          .append(CertificateText.DATE.format(cert.getNotBefore().toInstant()))
          .append(" to ")
          .append(CertificateText.DATE.format(cert.getNotAfter().toInstant()))
          .append('\n');
      o.append("                ")
          .append(CertificateText.validity(cert, Clock.systemUTC()))
          .append('\n');
      o.append("  chains to:    ")
          .append(
              CardTrust.describe(
                  cert, card.readCertificate(JpkiCertificate.AUTH_CA), Instant.now()))
          .append('\n');
      o.append("  SSH key:      RSA ")
          .append(key.bits())
          .append(' ')
          .append(key.fingerprintSha256())
          .append('\n');
      root.out.print(o);
    }
    return ExitCodes.OK;
  }
}
