package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** SSHSIG files beside the files they sign, as {@code ssh-keygen -Y sign} writes them. */
final class SignatureFiles {
  private SignatureFiles() {}

  /**
   * Signs {@code file} (streamed) with a card key and writes {@code FILE.sig}; returns its path.
   */
  static Path sign(JpkiCard card, JpkiKey key, String namespace, Path file)
      throws IOException, CardCommandException {
    String armor;
    try (InputStream in = Files.newInputStream(file)) {
      armor = CardSshKeys.sshSig(card, key, namespace, in).armor();
    }
    Path sig = Path.of(file + ".sig");
    Files.writeString(sig, armor, StandardCharsets.US_ASCII);
    return sig;
  }
}
