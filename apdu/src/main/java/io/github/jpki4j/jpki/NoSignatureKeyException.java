package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;

/**
 * The card has no signature certificate and key: cards of holders under 15 are issued without them
 * (the card answers {@code 6A82} to their SELECT).
 */
public class NoSignatureKeyException extends CardCommandException {
  private static final long serialVersionUID = 1L;

  public NoSignatureKeyException() {
    super(
        "this card has no signature certificate or signature key (cards of holders under 15"
            + " are issued without them)");
  }
}
