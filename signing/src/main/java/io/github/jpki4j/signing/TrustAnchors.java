package io.github.jpki4j.signing;

import java.security.cert.X509Certificate;
import java.util.List;

/** The roots a chain may end in: the six J-LIS roots shipped inside jpki, or roots a user gives. */
public final class TrustAnchors {
  private final List<X509Certificate> certificates;

  private TrustAnchors(List<X509Certificate> certificates) {
    this.certificates = List.copyOf(certificates);
  }

  /**
   * The six J-LIS production roots (auth and sign, generations 1–3), each checked by fingerprint.
   */
  public static TrustAnchors jlis() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Roots a user gives ({@code --ca FILE}). */
  public static TrustAnchors of(List<X509Certificate> certificates) {
    return new TrustAnchors(certificates);
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }
}
