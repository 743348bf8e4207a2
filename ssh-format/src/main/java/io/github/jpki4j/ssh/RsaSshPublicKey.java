package io.github.jpki4j.ssh;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An RSA public key in its OpenSSH form: the key blob {@code string "ssh-rsa", mpint e, mpint n}
 * (RFC 4253 §6.6), the {@code authorized_keys} line and the SHA-256 fingerprint.
 *
 * <p>Immutable. Two keys are equal when their blobs are equal, i.e. when {@code e} and {@code n}
 * are. The modulus must be 1024 to 16384 bits, the range OpenSSH accepts.
 *
 * <pre>{@code
 * RsaSshPublicKey key = RsaSshPublicKey.of(certificate.getPublicKey());
 * key.toAuthorizedKeysLine("jpki-auth");   // "ssh-rsa AAAAB3NzaC1yc2E... jpki-auth"
 * key.fingerprintSha256();                 // "SHA256:0TIRQ83y5ioE8Fe7UTPPqLXUrJ+z6Iw4lRwJjZKHO9U"
 * }</pre>
 */
public final class RsaSshPublicKey {
  /** The key type name, {@code ssh-rsa}, first in the blob and in a key line. */
  public static final String KEY_TYPE = "ssh-rsa";

  /** The smallest modulus accepted, in bits, as OpenSSH's {@code SSH_RSA_MINIMUM_MODULUS_SIZE}. */
  public static final int MIN_MODULUS_BITS = 1024;

  /** The largest modulus accepted, in bits, as OpenSSH's {@code SSHBUF_MAX_BIGNUM}. */
  public static final int MAX_MODULUS_BITS = 16384;

  private final BigInteger publicExponent;
  private final BigInteger modulus;
  private final RSAPublicKey javaKey;
  private final byte[] blob;

  private RsaSshPublicKey(BigInteger publicExponent, BigInteger modulus, RSAPublicKey javaKey) {
    this.publicExponent = publicExponent;
    this.modulus = modulus;
    this.javaKey = javaKey;
    this.blob =
        new SshWriter()
            .writeString(KEY_TYPE)
            .writeMpint(publicExponent)
            .writeMpint(modulus)
            .toByteArray();
  }

  /**
   * The OpenSSH form of a JCA RSA public key.
   *
   * @throws IllegalArgumentException if the modulus is outside 1024..16384 bits, or the exponent is
   *     not odd, at least 3 and below the modulus (the JDK's rules)
   */
  public static RsaSshPublicKey of(RSAPublicKey key) {
    return of(key.getPublicExponent(), key.getModulus());
  }

  /**
   * A key from its exponent and modulus.
   *
   * @throws IllegalArgumentException if the modulus is outside 1024..16384 bits, or the exponent is
   *     not odd, at least 3 and below the modulus (the JDK's rules)
   */
  public static RsaSshPublicKey of(BigInteger publicExponent, BigInteger modulus) {
    try {
      return create(publicExponent, modulus);
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Parses a key blob, as found base64-encoded in a {@code .pub} line, in ssh-agent messages and in
   * SSHSIG signatures.
   *
   * @throws SshFormatException if the blob is malformed, has trailing bytes, holds another key type
   *     (the message names it), the modulus is outside 1024..16384 bits, or the JDK would not
   *     accept the key (e.g. an exponent of 1)
   */
  public static RsaSshPublicKey fromBlob(byte[] blob) throws SshFormatException {
    SshReader r = new SshReader(blob);
    String type = r.readUtf8();
    if (!KEY_TYPE.equals(type)) {
      throw new SshFormatException(
          "not an RSA key: key type is "
              + printable(type)
              + ", only "
              + KEY_TYPE
              + " is supported");
    }
    BigInteger e = r.readPositiveMpint("RSA public exponent", MAX_MODULUS_BITS);
    BigInteger n = r.readPositiveMpint("RSA modulus", MAX_MODULUS_BITS);
    r.requireEnd();
    try {
      return create(e, n);
    } catch (InvalidKeySpecException ex) {
      throw new SshFormatException(ex.getMessage(), ex);
    }
  }

  /**
   * Parses the key of a {@code .pub} or {@code authorized_keys} line; options and comment are
   * allowed and dropped. Use {@link AuthorizedKeysLine#parse} to keep them.
   *
   * @throws SshFormatException as {@link AuthorizedKeysLine#parse}
   */
  public static RsaSshPublicKey parse(String line) throws SshFormatException {
    return AuthorizedKeysLine.parse(line).key();
  }

  /** The key blob: {@code string "ssh-rsa", mpint e, mpint n}; a fresh copy. */
  public byte[] blob() {
    return blob.clone();
  }

  /** The blob in base64, the middle field of a key line ({@code AAAAB3NzaC1yc2E...}). */
  public String base64Blob() {
    return Base64.getEncoder().encodeToString(blob);
  }

  /** The public exponent {@code e}. */
  public BigInteger publicExponent() {
    return publicExponent;
  }

  /** The modulus {@code n}. */
  public BigInteger modulus() {
    return modulus;
  }

  /** The key size in bits, e.g. 2048; what {@code ssh-keygen -l} prints first. */
  public int bits() {
    return modulus.bitLength();
  }

  /** The modulus length in bytes, which is also the length of every signature the key makes. */
  public int modulusLength() {
    return (modulus.bitLength() + 7) / 8;
  }

  /**
   * The key as one {@code authorized_keys} / {@code .pub} line, without a line terminator: {@code
   * ssh-rsa AAAA... comment}.
   *
   * @param comment the comment, or {@code null} or empty for none
   * @throws IllegalArgumentException if the comment contains a line break
   */
  public String toAuthorizedKeysLine(String comment) {
    return new AuthorizedKeysLine("", this, comment == null ? "" : comment).toString();
  }

  /**
   * The key as one {@code authorized_keys} line with options, e.g. {@code expiry-time="20301026"
   * ssh-rsa AAAA... comment}.
   *
   * @param options the options field as sshd reads it (comma-separated, values in double quotes),
   *     or empty for none; see {@link AuthorizedKeysLine#expiryTimeOption}
   * @param comment the comment, or {@code null} or empty for none
   * @throws IllegalArgumentException if the options are malformed or the comment contains a line
   *     break
   */
  public String toAuthorizedKeysLine(String options, String comment) {
    return new AuthorizedKeysLine(options, this, comment == null ? "" : comment).toString();
  }

  /**
   * The SHA-256 fingerprint exactly as {@code ssh-keygen -l} prints it in its second column: {@code
   * SHA256:} followed by the unpadded base64 of the SHA-256 of the blob.
   */
  public String fingerprintSha256() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The key as a JCA {@link RSAPublicKey}, e.g. for {@link java.security.Signature}. */
  public RSAPublicKey toJavaKey() {
    return javaKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsaSshPublicKey other && Arrays.equals(blob, other.blob);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob);
  }

  /** {@code RSA 2048 SHA256:...}, like the columns of {@code ssh-keygen -l}. */
  @Override
  public String toString() {
    return "RSA " + bits() + " " + fingerprintSha256();
  }

  // OpenSSH's size limits, then whatever else the JDK insists on (e >= 3, e < n, a short e for a
  // big n), so that every instance can verify signatures
  private static RsaSshPublicKey create(BigInteger e, BigInteger n) throws InvalidKeySpecException {
    if (n.signum() <= 0 || n.bitLength() < MIN_MODULUS_BITS || n.bitLength() > MAX_MODULUS_BITS) {
      throw new InvalidKeySpecException(
          "RSA modulus of "
              + n.bitLength()
              + " bits is outside "
              + MIN_MODULUS_BITS
              + ".."
              + MAX_MODULUS_BITS);
    }
    if (e.signum() <= 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
      throw new InvalidKeySpecException(
          "RSA public exponent must be odd, positive and smaller than the modulus");
    }
    try {
      RSAPublicKey k =
          (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      return new RsaSshPublicKey(e, n, k);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("the JDK lacks RSA", ex);
    } catch (InvalidKeySpecException ex) {
      throw new InvalidKeySpecException("unusable RSA key: " + rootMessage(ex), ex);
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  // key type names come from untrusted input; keep the message short and printable
  static String printable(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.append(s.length() > 64 ? "...\"" : "\"").toString();
  }
}
