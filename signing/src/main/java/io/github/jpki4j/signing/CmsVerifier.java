package io.github.jpki4j.signing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Checks detached CMS SignedData: integrity, the chain to the anchors, and the time. */
public final class CmsVerifier {
  private CmsVerifier() {}

  /**
   * Checks every signer of {@code cms} over {@code content} (streamed, read once).
   *
   * @throws SignatureFormatException when {@code cms} is not a CMS SignedData
   */
  public static List<CmsVerification> verify(byte[] cms, InputStream content, VerifyOptions options)
      throws IOException, SignatureFormatException {
    throw new UnsupportedOperationException("not built yet");
  }
}
