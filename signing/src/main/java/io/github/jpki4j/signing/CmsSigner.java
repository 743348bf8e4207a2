package io.github.jpki4j.signing;

import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Makes detached CMS SignedData (DER ContentInfo) with any private key: the card's through the
 * {@code JPKI} provider. Signed attributes contentType, messageDigest and signingTime; the chain's
 * certificates inside.
 */
public final class CmsSigner {
  private CmsSigner() {}

  /**
   * Signs {@code content} (streamed, read once).
   *
   * @param signatureAlgorithm e.g. SHA256withRSA
   * @param chain the signer's certificate first, then its CA certificate
   */
  public static byte[] signDetached(
      Provider provider,
      PrivateKey key,
      List<X509Certificate> chain,
      String signatureAlgorithm,
      InputStream content)
      throws IOException, java.security.GeneralSecurityException {
    throw new UnsupportedOperationException("not built yet");
  }
}
