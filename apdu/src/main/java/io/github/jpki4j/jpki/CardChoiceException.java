package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.NoReaderException;

/**
 * No single card fits: a fingerprint matches no card present or several, or several My Number Cards
 * are present and none was chosen. The message lists the cards present (reader, fingerprint) and
 * says how to choose; {@link PresentCards} words it.
 */
public class CardChoiceException extends NoReaderException {
  private static final long serialVersionUID = 1L;

  public CardChoiceException(String message) {
    super(message);
  }
}
