package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.ssh.AuthorizedKeysLine;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jpki ssh-key}: the auth key as one {@code authorized_keys} line. No PIN needed. */
@Command(
    name = "ssh-key",
    description = {
      "Print the card's authentication key as an OpenSSH authorized_keys line.",
      "No PIN is needed. The key changes when the certificate is renewed."
    })
final class SshKeyCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description = "The key's comment. Default: what the key is and when it expires.")
  String comment;

  @Option(
      names = "--expiry-option",
      description =
          "Prefix the line with expiry-time=\"YYYYMMDD\" (the certificate's expiry"
              + " date) so that sshd stops accepting the key when the certificate expires.")
  boolean expiryOption;

  @Override
  public Integer call() throws Exception {
    X509Certificate cert;
    RsaSshPublicKey key;
    try (CardConnector.Session s = root.connector().open()) {
      cert = s.card().readCertificate(JpkiCertificate.AUTH);
      key = CardSshKeys.publicKey(s.card(), JpkiKey.AUTH);
    }
    String text = comment != null ? comment : CardSshKeys.defaultComment(cert);
    String line =
        expiryOption
            ? key.toAuthorizedKeysLine(AuthorizedKeysLine.expiryTimeOption(expiryDate(cert)), text)
            : key.toAuthorizedKeysLine(text);
    root.out.println(line);
    return ExitCodes.OK;
  }

  /**
   * The day the certificate ends, in this system's time zone (sshd reads expiry-time in local
   * time): the key stops working at the start of that day, never after the certificate.
   */
  static LocalDate expiryDate(X509Certificate cert) {
    return LocalDate.ofInstant(cert.getNotAfter().toInstant(), ZoneId.systemDefault());
  }
}
