package io.github.jpki4j.ssh.sshsig;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.SshWriter;
import io.github.jpki4j.ssh.sshsig.SshSigVerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An OpenSSH signature of a message ("SSHSIG", OpenSSH's PROTOCOL.sshsig), as made by {@code
 * ssh-keygen -Y sign} and accepted by {@code ssh-keygen -Y verify} and git.
 *
 * <h2>Signing in two steps</h2>
 *
 * The signer (a smart card) works between the two steps, so no callback is involved:
 *
 * <pre>{@code
 * byte[] toSign = SshSig.signedData("git", SshSigHash.SHA512, fileStream);   // 1
 * byte[] raw = card.sign(SHA-512 DigestInfo of toSign);                     // the card's turn
 * SshSignature sig = SshSignature.of(SshSignatureAlgorithm.RSA_SHA2_512, raw, key);
 * String text = SshSig.of(key, "git", SshSigHash.SHA512, sig).armor();       // 2
 * }</pre>
 *
 * With {@link #DEFAULT_HASH} and {@link #DEFAULT_SIGNATURE_ALGORITHM} (what ssh-keygen uses for RSA
 * keys) the armored text is byte for byte what {@code ssh-keygen -Y sign} writes for the same key,
 * namespace and message, since PKCS#1 v1.5 signatures are deterministic.
 *
 * <h2>Verifying</h2>
 *
 * {@link #fromArmor} and {@link #parse} are strict about the format; {@link #verify(byte[],
 * String)} checks namespace, algorithm and signature and returns the key that signed. <b>Whether
 * that key is trusted is the caller's decision</b> (ssh-keygen uses an {@code allowed_signers}
 * file).
 *
 * <p>Only RSA signer keys are supported. Instances are immutable.
 */
public final class SshSig {
  /** The hash ssh-keygen uses by default: {@code sha512}. */
  public static final SshSigHash DEFAULT_HASH = SshSigHash.SHA512;

  /** The signature algorithm ssh-keygen uses for RSA keys: {@code rsa-sha2-512}. */
  public static final SshSignatureAlgorithm DEFAULT_SIGNATURE_ALGORITHM =
      SshSignatureAlgorithm.RSA_SHA2_512;

  /** The only blob version there is. */
  public static final int VERSION = 1;

  static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
  static final String END = "-----END SSH SIGNATURE-----";
  // ssh-keygen wraps the base64 at 70 columns (sshbuf_dtob64), not the 76 the spec suggests
  private static final int ARMOR_COLUMNS = 70;
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);

  private final RsaSshPublicKey publicKey;
  private final String namespace;
  private final byte[] reserved;
  private final SshSigHash hash;
  private final SshSignature signature;

  private SshSig(
      RsaSshPublicKey publicKey,
      String namespace,
      byte[] reserved,
      SshSigHash hash,
      SshSignature signature) {
    this.publicKey = publicKey;
    this.namespace = namespace;
    this.reserved = reserved;
    this.hash = hash;
    this.signature = signature;
  }

  /**
   * Step 1: the exact bytes the signer must sign for {@code message}: {@code "SSHSIG"}, {@code
   * string namespace}, {@code string reserved} (empty), {@code string hash_algorithm}, {@code
   * string H(message)}.
   *
   * @throws IllegalArgumentException if the namespace is empty
   */
  public static byte[] signedData(String namespace, SshSigHash hash, byte[] message) {
    return signedDataForHash(namespace, hash, hash.hash(message));
  }

  /**
   * Step 1 for a stream: as {@link #signedData(String, SshSigHash, byte[])}, hashing the stream
   * chunk by chunk to its end (it is not closed), so files of any size fit.
   *
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the namespace is empty
   */
  public static byte[] signedData(String namespace, SshSigHash hash, InputStream message)
      throws IOException {
    requireNamespace(namespace);
    return signedDataForHash(namespace, hash, hash.hash(message));
  }

  /**
   * Step 1 when the message has already been hashed with {@code hash}.
   *
   * @throws IllegalArgumentException if the namespace is empty or the hash has the wrong length
   */
  public static byte[] signedDataForHash(String namespace, SshSigHash hash, byte[] messageHash) {
    requireNamespace(namespace);
    if (messageHash.length != hash.length()) {
      throw new IllegalArgumentException(
          hash.wireName() + " hash must be " + hash.length() + " bytes, got " + messageHash.length);
    }
    return new SshWriter()
        .writeRaw(MAGIC)
        .writeString(namespace)
        .writeString(new byte[0])
        .writeString(hash.wireName())
        .writeString(messageHash)
        .toByteArray();
  }

  /**
   * Step 2: the signature made over {@link #signedData} by {@code publicKey}'s private key.
   *
   * @throws IllegalArgumentException if the namespace is empty or the algorithm is SHA-1 {@code
   *     ssh-rsa}, which SSHSIG forbids
   */
  public static SshSig of(
      RsaSshPublicKey publicKey, String namespace, SshSigHash hash, SshSignature signature) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(hash, "hash");
    requireNamespace(namespace);
    if (signature.algorithm() == SshSignatureAlgorithm.SSH_RSA) {
      throw new IllegalArgumentException("SSHSIG does not allow ssh-rsa (SHA-1) signatures");
    }
    return new SshSig(publicKey, namespace, new byte[0], hash, signature);
  }

  /**
   * Parses a signature blob (the decoded middle of the armor). Checks the magic, version 1 and
   * every length, and rejects trailing bytes. The reserved field is kept but otherwise ignored, as
   * the specification asks.
   *
   * @throws SshFormatException if the blob is malformed, has another version, an empty namespace, a
   *     hash other than sha256/sha512, a signature algorithm other than the RSA ones, or a signer
   *     key that is not RSA (the message names it)
   */
  public static SshSig parse(byte[] blob) throws SshFormatException {
    SshReader r = new SshReader(blob);
    if (r.remaining() < MAGIC.length || !Arrays.equals(r.readRaw(MAGIC.length), MAGIC)) {
      throw new SshFormatException("not an SSH signature: missing SSHSIG magic");
    }
    int version = r.readUint32();
    if (version != VERSION) {
      throw new SshFormatException(
          "unsupported SSH signature version "
              + Integer.toUnsignedLong(version)
              + ", only "
              + VERSION
              + " is known");
    }
    RsaSshPublicKey key;
    byte[] keyBlob = r.readString();
    try {
      key = RsaSshPublicKey.fromBlob(keyBlob);
    } catch (SshFormatException e) {
      throw new SshFormatException("signer key: " + e.getMessage(), e);
    }
    String ns = r.readUtf8();
    if (ns.isEmpty()) {
      throw new SshFormatException("SSH signature has an empty namespace");
    }
    byte[] reserved = r.readString();
    String hashName = r.readUtf8();
    SshSigHash hash =
        SshSigHash.fromWireName(hashName)
            .orElseThrow(
                () ->
                    new SshFormatException(
                        "unsupported SSHSIG hash algorithm \""
                            + printable(hashName)
                            + "\"; sha256 and sha512 are allowed"));
    SshSignature sig = SshSignature.parse(r.readString());
    r.requireEnd();
    return new SshSig(key, ns, reserved, hash, sig);
  }

  /**
   * Parses the armored text ssh-keygen writes: {@code -----BEGIN SSH SIGNATURE-----}, base64 lines,
   * {@code -----END SSH SIGNATURE-----}. The header must come first; line endings may be {@code \n}
   * or {@code \r\n}; only whitespace may follow the footer.
   *
   * @throws SshFormatException if the armor or the blob is malformed, as {@link #parse}
   */
  public static SshSig fromArmor(String text) throws SshFormatException {
    String s = text.replace("\r\n", "\n");
    if (!s.startsWith(BEGIN + "\n")) {
      throw new SshFormatException("not an armored SSH signature: missing " + BEGIN);
    }
    int end = s.indexOf("\n" + END, BEGIN.length());
    if (end < 0) {
      throw new SshFormatException("armored SSH signature lacks its footer " + END);
    }
    if (end == BEGIN.length()) {
      throw new SshFormatException("armored SSH signature is empty");
    }
    if (!s.substring(end + 1 + END.length()).isBlank()) {
      throw new SshFormatException("unexpected text after " + END);
    }
    String body = s.substring(BEGIN.length() + 1, end).replaceAll("[ \t\n]", "");
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new SshFormatException("armored SSH signature is not valid base64", e);
    }
    return parse(blob);
  }

  /** The signer's public key as embedded in the signature. */
  public RsaSshPublicKey publicKey() {
    return publicKey;
  }

  /** The namespace the signature was made for, e.g. {@code file} or {@code git}. */
  public String namespace() {
    return namespace;
  }

  /** The reserved field; empty in every signature made so far. A fresh copy. */
  public byte[] reserved() {
    return reserved.clone();
  }

  /** The message hash algorithm. */
  public SshSigHash hash() {
    return hash;
  }

  /** The signature over {@link #signedData}. */
  public SshSignature signature() {
    return signature;
  }

  /**
   * The blob: {@code "SSHSIG"}, {@code uint32 1}, {@code string publickey}, {@code string
   * namespace}, {@code string reserved}, {@code string hash_algorithm}, {@code string signature}.
   */
  public byte[] blob() {
    return new SshWriter()
        .writeRaw(MAGIC)
        .writeUint32(VERSION)
        .writeString(publicKey.blob())
        .writeString(namespace)
        .writeString(reserved)
        .writeString(hash.wireName())
        .writeString(signature.blob())
        .toByteArray();
  }

  /**
   * The armored text as ssh-keygen writes it to a {@code .sig} file: the header line, the base64
   * blob in lines of 70 characters, the footer line, each ending with {@code \n}.
   */
  public String armor() {
    String b64 = Base64.getEncoder().encodeToString(blob());
    StringBuilder b = new StringBuilder(b64.length() + 100).append(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += ARMOR_COLUMNS) {
      b.append(b64, i, Math.min(b64.length(), i + ARMOR_COLUMNS)).append('\n');
    }
    return b.append(END).append('\n').toString();
  }

  /**
   * Verifies the signature over {@code message} for the expected namespace.
   *
   * @return the key that made the signature; the caller decides whether it is trusted
   * @throws SshSigVerificationException with {@link Reason#WRONG_NAMESPACE}, {@link
   *     Reason#UNSUPPORTED_ALGORITHM} or {@link Reason#BAD_SIGNATURE}
   */
  public RsaSshPublicKey verify(byte[] message, String expectedNamespace)
      throws SshSigVerificationException {
    return verifyHash(hash.hash(message), expectedNamespace);
  }

  /**
   * Verifies the signature over everything {@code message} yields, hashing it chunk by chunk; the
   * stream is read to its end and not closed.
   *
   * @return the key that made the signature; the caller decides whether it is trusted
   * @throws IOException if reading fails
   * @throws SshSigVerificationException as {@link #verify(byte[], String)}
   */
  public RsaSshPublicKey verify(InputStream message, String expectedNamespace)
      throws IOException, SshSigVerificationException {
    return verifyHash(hash.hash(message), expectedNamespace);
  }

  /**
   * Verifies the signature given the message's hash, computed with {@link #hash()}.
   *
   * @return the key that made the signature; the caller decides whether it is trusted
   * @throws SshSigVerificationException as {@link #verify(byte[], String)}
   * @throws IllegalArgumentException if the hash has the wrong length
   */
  public RsaSshPublicKey verifyHash(byte[] messageHash, String expectedNamespace)
      throws SshSigVerificationException {
    if (!namespace.equals(expectedNamespace)) {
      throw new SshSigVerificationException(
          Reason.WRONG_NAMESPACE,
          "signature is for namespace \""
              + printable(namespace)
              + "\", not \""
              + printable(expectedNamespace)
              + "\"");
    }
    if (signature.algorithm() == SshSignatureAlgorithm.SSH_RSA) {
      throw new SshSigVerificationException(
          Reason.UNSUPPORTED_ALGORITHM,
          "SSHSIG does not allow ssh-rsa (SHA-1) signatures; rsa-sha2-512 and rsa-sha2-256 are");
    }
    // verifiers always sign over an empty reserved field, whatever the blob carries (as OpenSSH)
    byte[] data = signedDataForHash(namespace, hash, messageHash);
    if (!signature.verify(publicKey, data)) {
      throw new SshSigVerificationException(
          Reason.BAD_SIGNATURE,
          "bad "
              + hash.wireName()
              + "/"
              + signature.algorithm().wireName()
              + " signature by "
              + publicKey
              + ": the message or the signature has been altered");
    }
    return publicKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshSig other && Arrays.equals(blob(), other.blob());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob());
  }

  /** Namespace, algorithms and signer, for logs. */
  @Override
  public String toString() {
    return "SSHSIG namespace=\""
        + printable(namespace)
        + "\" "
        + hash.wireName()
        + "/"
        + signature.algorithm().wireName()
        + " by "
        + publicKey;
  }

  private static void requireNamespace(String namespace) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("the SSHSIG namespace must not be empty");
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c != 0x7F ? c : '?');
    }
    return s.length() > 64 ? b.append("...").toString() : b.toString();
  }
}
