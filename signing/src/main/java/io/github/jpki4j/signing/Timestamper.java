package io.github.jpki4j.signing;

import java.io.IOException;
import java.net.URI;

/**
 * Adds an RFC 3161 signature timestamp to CMS SignedData: for each signer, a token over its
 * signature value from the authority at {@code url}, as the unsigned attribute
 * id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14).
 */
public final class Timestamper {
  private final URI url;

  public Timestamper(URI url) {
    this.url = url;
  }

  public URI url() {
    return url;
  }

  /** Returns {@code cms} (DER ContentInfo) with a timestamp on every signer. */
  public byte[] timestamp(byte[] cms) throws IOException, SignatureFormatException {
    throw new UnsupportedOperationException("not built yet");
  }
}
