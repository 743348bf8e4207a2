package io.github.jpki4j.ssh.sshsig;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The message hash algorithms SSHSIG allows (PROTOCOL.sshsig §2): the message is hashed first, and
 * only the hash reaches the signer. {@code ssh-keygen -Y sign} uses {@link #SHA512} unless told
 * {@code -O hashalg=sha256}.
 */
public enum SshSigHash {
  /** {@code sha256}. */
  SHA256("sha256", "SHA-256"),
  /** {@code sha512}, ssh-keygen's default. */
  SHA512("sha512", "SHA-512");

  private static final int BUFFER_SIZE = 64 * 1024;

  private final String wireName;
  private final String jcaName;

  SshSigHash(String wireName, String jcaName) {
    this.wireName = wireName;
    this.jcaName = jcaName;
  }

  /** The name in the signature, e.g. {@code sha512}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA name, e.g. {@code SHA-512}. */
  public String jcaName() {
    return jcaName;
  }

  /** The hash length in bytes. */
  public int length() {
    return newDigest().getDigestLength();
  }

  /** The hash of {@code message}. */
  public byte[] hash(byte[] message) {
    return newDigest().digest(message);
  }

  /**
   * The hash of everything {@code message} yields, read in 64 KiB chunks, so that files of any size
   * can be signed. The stream is read to its end and not closed.
   *
   * @throws IOException if reading fails
   */
  public byte[] hash(InputStream message) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[BUFFER_SIZE];
    for (int n; (n = message.read(buf)) != -1; ) {
      md.update(buf, 0, n);
    }
    return md.digest();
  }

  /** The algorithm with this wire name, if SSHSIG allows it. */
  public static Optional<SshSigHash> fromWireName(String wireName) {
    for (SshSigHash h : values()) {
      if (h.wireName.equals(wireName)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jcaName, e);
    }
  }
}
