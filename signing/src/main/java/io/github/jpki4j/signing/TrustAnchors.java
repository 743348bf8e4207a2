package io.github.jpki4j.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The roots a chain may end in: the six J-LIS roots shipped inside jpki, or roots a user gives.
 * Each root carries a description for people ("J-LIS signature root, generation 3 (signca03)").
 */
public final class TrustAnchors {
  private final List<X509Certificate> certificates;
  private final Map<X509Certificate, String> descriptions;

  private TrustAnchors(Map<X509Certificate, String> described) {
    this.certificates = List.copyOf(described.keySet());
    this.descriptions = Map.copyOf(described);
  }

  /**
   * The six J-LIS production roots (auth and sign, generations 1–3), each checked by fingerprint.
   */
  public static TrustAnchors jlis() {
    Map<X509Certificate, String> roots = new LinkedHashMap<>();
    for (JlisRoot root : JlisRoot.values()) {
      roots.put(root.certificate(), root.description());
    }
    return new TrustAnchors(roots);
  }

  /** Roots a user gives ({@code --ca FILE}). */
  public static TrustAnchors of(List<X509Certificate> certificates) {
    Map<X509Certificate, String> roots = new LinkedHashMap<>();
    for (X509Certificate c : certificates) {
      roots.putIfAbsent(c, "given root " + c.getSubjectX500Principal().getName());
    }
    return new TrustAnchors(roots);
  }

  /**
   * Reads the certificates of a PEM or DER file ({@code --ca FILE}).
   *
   * @throws IOException when the bytes hold no certificate
   */
  public static TrustAnchors read(InputStream in, String name) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (java.security.cert.Certificate c :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new IOException(name + " holds no certificate in PEM or DER", e);
    }
    if (out.isEmpty()) {
      throw new IOException(name + " holds no certificate in PEM or DER");
    }
    return of(out);
  }

  /**
   * The roots of the Java trust store (the JDK's cacerts, or what {@code javax.net.ssl.trustStore}
   * names): the default for timestamp authorities.
   */
  public static TrustAnchors javaTrustStore() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      List<X509Certificate> roots = new ArrayList<>();
      for (TrustManager m : factory.getTrustManagers()) {
        if (m instanceof X509TrustManager) {
          roots.addAll(List.of(((X509TrustManager) m).getAcceptedIssuers()));
        }
      }
      return of(roots);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the Java trust store cannot be read: " + e.getMessage(), e);
    }
  }

  /** These roots and {@code other}'s; a root in both keeps this one's description. */
  public TrustAnchors and(TrustAnchors other) {
    Map<X509Certificate, String> roots = new LinkedHashMap<>();
    for (X509Certificate c : certificates) {
      roots.put(c, descriptions.get(c));
    }
    for (X509Certificate c : other.certificates) {
      roots.putIfAbsent(c, other.descriptions.get(c));
    }
    return new TrustAnchors(roots);
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** How a person reads {@code root}, e.g. "J-LIS signature root, generation 3 (signca03)". */
  public Optional<String> describe(X509Certificate root) {
    return Optional.ofNullable(descriptions.get(root));
  }

  /** The J-LIS root with exactly these bytes, if it is one. */
  public static Optional<JlisRoot> jlisRoot(X509Certificate certificate) {
    String fingerprint = fingerprint(encoded(certificate));
    for (JlisRoot root : JlisRoot.values()) {
      if (root.sha256.equals(fingerprint)) {
        return Optional.of(root);
      }
    }
    return Optional.empty();
  }

  /**
   * The six J-LIS production roots, with the SHA-256 of each DER file: the one place the
   * fingerprints are written in code (docs/trust.md says where the copies came from).
   */
  public enum JlisRoot {
    AUTHCA01(false, 1, "4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D"),
    AUTHCA02(false, 2, "0D98DE47FC11B7F67126874B7028B6026A803D2638D6EDFE53176953961FADE6"),
    AUTHCA03(false, 3, "64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5"),
    SIGNCA01(true, 1, "19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355"),
    SIGNCA02(true, 2, "79679C33E4CC9319440F1AD120A597FF1844E2EF217063ADB176966FD5E6FBEB"),
    SIGNCA03(true, 3, "D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F");

    private final boolean signature;
    private final int generation;
    private final String sha256;
    private volatile X509Certificate certificate;

    JlisRoot(boolean signature, int generation, String sha256) {
      this.signature = signature;
      this.generation = generation;
      this.sha256 = sha256;
    }

    /** True for the signature roots (署名用), false for the user-authentication roots. */
    public boolean signature() {
      return signature;
    }

    /** 1 (2015), 2 (2019) or 3 (2023). */
    public int generation() {
      return generation;
    }

    /** J-LIS's own file name, e.g. signca03. */
    public String fileName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The SHA-256 of the DER certificate, upper-case hex. */
    public String sha256() {
      return sha256;
    }

    /** E.g. "J-LIS signature root, generation 3 (signca03)". */
    public String description() {
      return "J-LIS "
          + (signature ? "signature" : "user-authentication")
          + " root, generation "
          + generation
          + " ("
          + fileName()
          + ")";
    }

    /** The certificate shipped inside jpki, after its fingerprint checked. */
    public X509Certificate certificate() {
      X509Certificate c = certificate;
      if (c == null) {
        c = load();
        certificate = c;
      }
      return c;
    }

    private X509Certificate load() {
      String resource = "jlis/" + fileName() + ".cer";
      byte[] der;
      try (InputStream in = TrustAnchors.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("jpki is incomplete: " + resource + " is missing");
        }
        der = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return checked(der);
    }

    /** {@code der} parsed, when its SHA-256 is this root's; else jpki is damaged. */
    X509Certificate checked(byte[] der) {
      String actual = fingerprint(der);
      if (!actual.equals(sha256)) {
        throw new IllegalStateException(
            "jpki is damaged: the J-LIS root " + fileName() + " has SHA-256 " + actual);
      }
      try {
        return (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
      } catch (CertificateException e) {
        throw new IllegalStateException("jpki is damaged: " + fileName() + " does not parse", e);
      }
    }
  }

  static String fingerprint(byte[] bytes) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
