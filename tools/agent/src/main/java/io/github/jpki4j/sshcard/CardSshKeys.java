package io.github.jpki4j.sshcard;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.DigestAlgorithm;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.ssh.sshsig.SshSigHash;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A card key seen through OpenSSH: its public key, its default comment, its signatures. */
public final class CardSshKeys {
  /** How {@link #defaultComment} begins: what marks the card's key in an agent's list. */
  public static final String COMMENT_PREFIX = "mynumbercard-jpki-auth";

  private CardSshKeys() {}

  /** The key's OpenSSH public key, from its certificate. */
  public static RsaSshPublicKey publicKey(JpkiCard card, JpkiKey key)
      throws CardCommandException, TransportException {
    return RsaSshPublicKey.of(card.publicKey(key));
  }

  /**
   * The comment {@code jpki ssh-key} and the agent give the auth key: what the key is and when its
   * certificate expires (after which the card holds a new key). No personal data, and not the
   * certificate's CN, which would link the key to the card holder's JPKI identity.
   */
  public static String defaultComment(X509Certificate certificate) {
    // LocalDate's own ISO form (uuuu-MM-dd); a DateTimeFormatter costs a cold start some ms more
    return COMMENT_PREFIX
        + " expires "
        + LocalDate.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC);
  }

  /**
   * Signs {@code data} for SSH: hashes it with the algorithm's hash, has the card sign the
   * DigestInfo (the card checks nothing; the driver verifies the result), and wraps the result in
   * an SSH signature blob. The key's PIN must have been verified in this card session.
   */
  public static SshSignature sign(
      JpkiCard card, JpkiKey key, SshSignatureAlgorithm algorithm, byte[] data)
      throws CardCommandException, TransportException {
    byte[] raw = card.sign(key, digestAlgorithm(algorithm).digestInfoOf(data));
    return SshSignature.of(algorithm, raw, publicKey(card, key));
  }

  /**
   * An SSHSIG signature of a message, as {@code ssh-keygen -Y sign} makes for RSA keys
   * (rsa-sha2-512 over a sha512 message hash). The message is streamed, never held whole.
   */
  public static SshSig sshSig(JpkiCard card, JpkiKey key, String namespace, InputStream message)
      throws IOException, CardCommandException {
    byte[] signedData = SshSig.signedData(namespace, SshSigHash.SHA512, message);
    SshSignature signature = sign(card, key, SshSignatureAlgorithm.RSA_SHA2_512, signedData);
    return SshSig.of(publicKey(card, key), namespace, SshSigHash.SHA512, signature);
  }

  static DigestAlgorithm digestAlgorithm(SshSignatureAlgorithm algorithm) {
    for (DigestAlgorithm d : DigestAlgorithm.values()) {
      if (d.jcaName().equals(algorithm.hashAlgorithm())) {
        return d;
      }
    }
    throw new IllegalArgumentException("no DigestInfo for " + algorithm.wireName());
  }
}
