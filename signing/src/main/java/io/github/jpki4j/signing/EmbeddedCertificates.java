package io.github.jpki4j.signing;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;

/** The certificates a CMS structure (a signature, a timestamp token) carries, as the JDK's. */
final class EmbeddedCertificates {
  private EmbeddedCertificates() {}

  /** The certificate {@code id} (a SignerId) names in {@code store}, or null. */
  static X509Certificate named(Store<X509CertificateHolder> store, Selector<?> id) {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches =
        store.getMatches((Selector<X509CertificateHolder>) id);
    if (matches.isEmpty()) {
      return null;
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
    } catch (CertificateException e) {
      return null;
    }
  }

  /** Every certificate in {@code store} that parses. */
  static List<X509Certificate> all(Store<X509CertificateHolder> store) {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    List<X509Certificate> out = new ArrayList<>();
    for (X509CertificateHolder h : store.getMatches(null)) {
      try {
        out.add(converter.getCertificate(h));
      } catch (CertificateException e) {
        // a certificate that does not parse cannot be part of a chain
      }
    }
    return out;
  }
}
