package io.github.jpki4j.ssh;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An RSA signature in SSH form, the signature blob {@code string algorithm, string signature} (RFC
 * 4253 §6.6, RFC 8332) that ssh-agent returns and SSHSIG embeds.
 *
 * <p>The raw RSA signature is always as long as the modulus: OpenSSH left-pads a shorter result
 * with zeros when it signs, and {@link #of} does the same. When verifying, a shorter raw signature
 * from elsewhere is padded first (as OpenSSH's verifier does); a longer one is rejected.
 *
 * <p>Immutable; equal when the blobs are equal.
 */
public final class SshSignature {
  private final SshSignatureAlgorithm algorithm;
  private final byte[] raw;

  private SshSignature(SshSignatureAlgorithm algorithm, byte[] raw) {
    this.algorithm = algorithm;
    this.raw = raw;
  }

  /**
   * Wraps a raw PKCS#1 v1.5 signature made by {@code key} (on a card, or with {@link Signature}),
   * left-padding it with zeros to the modulus length.
   *
   * @param algorithm the algorithm whose hash was signed
   * @param rawSignature the RSA signature value, big-endian
   * @param key the key that made it; only its modulus length is used
   * @throws IllegalArgumentException if the raw signature is empty or longer than the modulus
   */
  public static SshSignature of(
      SshSignatureAlgorithm algorithm, byte[] rawSignature, RsaSshPublicKey key) {
    Objects.requireNonNull(algorithm, "algorithm");
    int len = key.modulusLength();
    if (rawSignature.length == 0 || rawSignature.length > len) {
      throw new IllegalArgumentException(
          "raw RSA signature of "
              + rawSignature.length
              + " bytes does not fit a "
              + len
              + "-byte modulus");
    }
    return new SshSignature(algorithm, leftPad(rawSignature, len));
  }

  /**
   * Parses a signature blob.
   *
   * @throws SshFormatException if the blob is malformed, has trailing bytes, the raw signature is
   *     empty, or the algorithm is not one of {@link SshSignatureAlgorithm} (the message names it)
   */
  public static SshSignature parse(byte[] blob) throws SshFormatException {
    SshReader r = new SshReader(blob);
    String name = r.readUtf8();
    SshSignatureAlgorithm alg =
        SshSignatureAlgorithm.fromWireName(name)
            .orElseThrow(
                () ->
                    new SshFormatException(
                        "unsupported signature algorithm " + RsaSshPublicKey.printable(name)));
    byte[] raw = r.readString();
    r.requireEnd();
    if (raw.length == 0) {
      throw new SshFormatException("empty " + name + " signature");
    }
    return new SshSignature(alg, raw);
  }

  /** The signature algorithm named in the blob. */
  public SshSignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** The raw RSA signature value as carried in the blob; a fresh copy. */
  public byte[] rawSignature() {
    return raw.clone();
  }

  /** The signature blob: {@code string algorithm, string signature}; a fresh copy. */
  public byte[] blob() {
    return new SshWriter().writeString(algorithm.wireName()).writeString(raw).toByteArray();
  }

  /**
   * Checks the signature over {@code data} with {@code key}, using the blob's algorithm. Any
   * algorithm of {@link SshSignatureAlgorithm} is accepted here, {@code ssh-rsa} (SHA-1) included:
   * callers that must refuse SHA-1 check {@link #algorithm()} first.
   *
   * @return whether the signature is valid
   */
  public boolean verify(RsaSshPublicKey key, byte[] data) {
    int len = key.modulusLength();
    if (raw.length > len) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(algorithm.jcaAlgorithm());
      s.initVerify(key.toJavaKey());
      s.update(data);
      // the JDK insists on exactly the modulus length; OpenSSH pads shorter ones
      return s.verify(leftPad(raw, len));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshSignature other
        && algorithm == other.algorithm
        && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(raw);
  }

  /** The algorithm and the first bytes of the signature, for logs. */
  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(raw, 0, Math.min(8, raw.length));
    return algorithm.wireName() + " signature (" + raw.length + " bytes, " + hex + "...)";
  }

  private static byte[] leftPad(byte[] b, int len) {
    if (b.length == len) {
      return b.clone();
    }
    byte[] out = new byte[len];
    System.arraycopy(b, 0, out, len - b.length, b.length);
    return out;
  }
}
