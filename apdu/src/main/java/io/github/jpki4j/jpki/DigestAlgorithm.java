package io.github.jpki4j.jpki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hash algorithms with their PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 §9.2 note 1). The JPKI card
 * pads whatever it is given, so the host builds the DigestInfo (OpenSC registers the card as {@code
 * HASH_NONE | PAD_PKCS1}).
 */
public enum DigestAlgorithm {
  SHA1("SHA-1", "3021300906052b0e03021a05000414"),
  SHA256("SHA-256", "3031300d060960864801650304020105000420"),
  SHA384("SHA-384", "3041300d060960864801650304020205000430"),
  SHA512("SHA-512", "3051300d060960864801650304020305000440");

  private final String jcaName;

  // ImmutableEnumChecker: never handed out or written after construction; digestInfo copies it
  @SuppressWarnings("ImmutableEnumChecker")
  private final byte[] prefix;

  DigestAlgorithm(String jcaName, String prefixHex) {
    this.jcaName = jcaName;
    this.prefix = java.util.HexFormat.of().parseHex(prefixHex);
  }

  /** The JCA name, e.g. {@code SHA-256}. */
  public String jcaName() {
    return jcaName;
  }

  /** The digest length in bytes. */
  public int length() {
    return prefix[prefix.length - 1];
  }

  /** A new MessageDigest for this algorithm. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jcaName, e);
    }
  }

  /** The DigestInfo of a hash computed elsewhere. */
  public byte[] digestInfo(byte[] hash) {
    if (hash.length != length()) {
      throw new IllegalArgumentException(
          jcaName + " hash must be " + length() + " bytes, got " + hash.length);
    }
    byte[] out = new byte[prefix.length + hash.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(hash, 0, out, prefix.length, hash.length);
    return out;
  }

  /** Hashes a message and returns its DigestInfo. */
  public byte[] digestInfoOf(byte[] message) {
    return digestInfo(newDigest().digest(message));
  }
}
