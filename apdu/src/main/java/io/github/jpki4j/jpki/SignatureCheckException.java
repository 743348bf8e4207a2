package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.BadResponseException;

/** The card returned a signature that does not verify with its certificate's public key. */
public class SignatureCheckException extends BadResponseException {
  private static final long serialVersionUID = 1L;

  public SignatureCheckException(JpkiKey key) {
    super(
        "the card's "
            + key.name().toLowerCase(java.util.Locale.ROOT)
            + " signature does not verify with its certificate's public key; it was discarded");
  }
}
