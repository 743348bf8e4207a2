package io.github.jpki4j.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys and certificates of a simulated My Number Card: an authentication CA and a signature CA
 * (self-signed, subjects marked TEST), the user-authentication certificate ({@code C=JP,
 * CN=<23-character id>}) and the signature certificate (with {@code L=} and fictitious personal
 * data in subjectAltName otherNames {@code 1.2.392.200149.8.5.5.1}–{@code .6}). All RSA-2048, e =
 * 65537, sha256WithRSA; DER starting {@code 30 82}. The certificates carry the extensions of real
 * JPKI certificates (certificate policy, CRL distribution point, OCSP access, key identifiers) and
 * have their size, about 1.3–1.7 KB, so reading one takes 6–7 short READ BINARY commands.
 *
 * <p>{@link #generate(long)} is deterministic: the same seed gives byte-identical certificates and
 * keys, on any JDK (see {@code IdentityGenerator}). Identities are cached per seed within a JVM,
 * since generation takes a fraction of a second. Generation uses BouncyCastle; {@link #load} and
 * everything else here use only the JDK, so a program that loads a saved identity never touches
 * BouncyCastle.
 *
 * <p>Files written by {@link #save} (DER, 0600 where POSIX):
 *
 * <pre>
 *   auth-cert.der      user-authentication certificate (EF 000A)
 *   auth-ca-cert.der   authentication CA certificate   (EF 000B)
 *   sign-cert.der      signature certificate           (EF 0001)
 *   sign-ca-cert.der   signature CA certificate        (EF 0002)
 *   auth-key.pk8       authentication private key, PKCS#8
 *   sign-key.pk8       signature private key, PKCS#8
 * </pre>
 */
public final class TestIdentity {
  /** The seed of the persistent virtual card ({@link VirtualCard#open}): "jpki4j" in ASCII. */
  public static final long DEFAULT_SEED = 0x6A706B69346AL;

  static final String AUTH_CERT_FILE = "auth-cert.der";
  static final String AUTH_CA_CERT_FILE = "auth-ca-cert.der";
  static final String SIGN_CERT_FILE = "sign-cert.der";
  static final String SIGN_CA_CERT_FILE = "sign-ca-cert.der";
  static final String AUTH_KEY_FILE = "auth-key.pk8";
  static final String SIGN_KEY_FILE = "sign-key.pk8";

  private static final Map<String, TestIdentity> CACHE = new ConcurrentHashMap<>();

  private final byte[] authCert;
  private final byte[] authCaCert;
  private final byte[] signCert;
  private final byte[] signCaCert;
  private final RSAPrivateCrtKey authKey;
  private final RSAPrivateCrtKey signKey;
  private final X509Certificate authCertificate;
  private final X509Certificate authCaCertificate;
  private final X509Certificate signCertificate;
  private final X509Certificate signCaCertificate;

  TestIdentity(
      byte[] authCert,
      byte[] authCaCert,
      byte[] signCert,
      byte[] signCaCert,
      RSAPrivateCrtKey authKey,
      RSAPrivateCrtKey signKey) {
    this.authCert = authCert.clone();
    this.authCaCert = authCaCert.clone();
    this.signCert = signCert.clone();
    this.signCaCert = signCaCert.clone();
    this.authKey = authKey;
    this.signKey = signKey;
    this.authCertificate = parse(authCert, "authentication certificate");
    this.authCaCertificate = parse(authCaCert, "authentication CA certificate");
    this.signCertificate = parse(signCert, "signature certificate");
    this.signCaCertificate = parse(signCaCert, "signature CA certificate");
    requireMatch(authCertificate, authKey, "authentication");
    requireMatch(signCertificate, signKey, "signature");
  }

  /** The identity for a seed (generated once per JVM, then cached). */
  public static TestIdentity generate(long seed) {
    return generate(ByteBuffer.allocate(8).putLong(seed).array());
  }

  /** The identity for a seed (generated once per JVM, then cached). */
  public static TestIdentity generate(byte[] seed) {
    return CACHE.computeIfAbsent(
        HexFormat.of().formatHex(seed), k -> IdentityGenerator.generate(seed.clone()));
  }

  /** The identity of {@link #DEFAULT_SEED}. */
  public static TestIdentity defaultIdentity() {
    return generate(DEFAULT_SEED);
  }

  /** Generates without the cache (for tests of determinism). */
  static TestIdentity generateUncached(byte[] seed) {
    return IdentityGenerator.generate(seed.clone());
  }

  /** DER of the user-authentication certificate (EF 000A). */
  public byte[] authCertificateDer() {
    return authCert.clone();
  }

  /** DER of the authentication CA certificate (EF 000B). */
  public byte[] authCaCertificateDer() {
    return authCaCert.clone();
  }

  /** DER of the signature certificate (EF 0001). */
  public byte[] signCertificateDer() {
    return signCert.clone();
  }

  /** DER of the signature CA certificate (EF 0002). */
  public byte[] signCaCertificateDer() {
    return signCaCert.clone();
  }

  public X509Certificate authCertificate() {
    return authCertificate;
  }

  public X509Certificate authCaCertificate() {
    return authCaCertificate;
  }

  public X509Certificate signCertificate() {
    return signCertificate;
  }

  public X509Certificate signCaCertificate() {
    return signCaCertificate;
  }

  /** The key behind the authentication certificate (EF 0017 on the card). */
  public RSAPrivateCrtKey authPrivateKey() {
    return authKey;
  }

  /** The key behind the signature certificate (EF 001A on the card). */
  public RSAPrivateCrtKey signPrivateKey() {
    return signKey;
  }

  public RSAPublicKey authPublicKey() {
    return (RSAPublicKey) authCertificate.getPublicKey();
  }

  public RSAPublicKey signPublicKey() {
    return (RSAPublicKey) signCertificate.getPublicKey();
  }

  /**
   * Writes the six files listed in the class comment into {@code dir} (created if needed), each
   * through a temporary file and an atomic rename.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir, AUTH_CERT_FILE, authCert);
    write(dir, AUTH_CA_CERT_FILE, authCaCert);
    write(dir, SIGN_CERT_FILE, signCert);
    write(dir, SIGN_CA_CERT_FILE, signCaCert);
    write(dir, AUTH_KEY_FILE, authKey.getEncoded());
    write(dir, SIGN_KEY_FILE, signKey.getEncoded());
  }

  /**
   * Reads an identity written by {@link #save}, with the JDK alone (no BouncyCastle).
   *
   * @throws IOException if a file is missing or does not parse, or a key does not match its
   *     certificate
   */
  public static TestIdentity load(Path dir) throws IOException {
    try {
      return new TestIdentity(
          Files.readAllBytes(dir.resolve(AUTH_CERT_FILE)),
          Files.readAllBytes(dir.resolve(AUTH_CA_CERT_FILE)),
          Files.readAllBytes(dir.resolve(SIGN_CERT_FILE)),
          Files.readAllBytes(dir.resolve(SIGN_CA_CERT_FILE)),
          readKey(dir.resolve(AUTH_KEY_FILE)),
          readKey(dir.resolve(SIGN_KEY_FILE)));
    } catch (IllegalArgumentException e) {
      throw new IOException("the test identity in " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  private static RSAPrivateCrtKey readKey(Path file) throws IOException {
    byte[] encoded = Files.readAllBytes(file);
    try {
      PrivateKey key =
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
      if (key instanceof RSAPrivateCrtKey crt) {
        return crt;
      }
      throw new IOException(file + " holds no RSA CRT private key");
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not a PKCS#8 RSA private key: " + e.getMessage(), e);
    }
  }

  private static void write(Path dir, String name, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, name, ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.write(tmp, bytes);
      Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static X509Certificate parse(byte[] der, String what) {
    if (der.length < 4
        || der[0] != 0x30
        || der[1] != (byte) 0x82
        || ((der[2] & 0xFF) << 8 | (der[3] & 0xFF)) + 4 != der.length) {
      throw new IllegalArgumentException("the " + what + " is not one DER object 30 82 LL LL");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("the " + what + " does not parse: " + e.getMessage(), e);
    }
  }

  private static void requireMatch(X509Certificate cert, RSAPrivateCrtKey key, String what) {
    if (!(cert.getPublicKey() instanceof RSAPublicKey pub)
        || !pub.getModulus().equals(key.getModulus())
        || !pub.getPublicExponent().equals(key.getPublicExponent())) {
      throw new IllegalArgumentException("the " + what + " key does not match its certificate");
    }
  }
}
