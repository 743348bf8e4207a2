package io.github.jpki4j.pdf;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The name a signature shows in /Name: the certificate's common name, else its whole subject. */
public final class SignerName {
  private SignerName() {}

  public static String of(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] cn = subject.getRDNs(BCStyle.CN);
    if (cn.length > 0 && cn[0].getFirst() != null) {
      String name = IETFUtils.valueToString(cn[0].getFirst().getValue()).strip();
      if (!name.isEmpty()) {
        return name;
      }
    }
    return certificate.getSubjectX500Principal().getName();
  }
}
