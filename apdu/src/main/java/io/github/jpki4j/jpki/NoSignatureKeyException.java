package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;

/**
 * The card has no signature key pair, or only part of it: cards of holders under 15 are issued
 * without. {@link JpkiCard} raises it for any part of the signature side the card lacks (the key,
 * its PIN, its certificate, the CA certificate: {@code 6A82} to their SELECT, {@code 6A88} or
 * {@code 6A82} to the PIN's counter), so every caller sees one condition with one sentence.
 */
public class NoSignatureKeyException extends CardCommandException {
  private static final long serialVersionUID = 1L;

  /** What a person is told, wherever the signature side would be shown or used. */
  public static final String MESSAGE =
      "no signature key on this card (cards of holders under 15 have none)";

  public NoSignatureKeyException() {
    super(MESSAGE);
  }
}
