package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;

/** The card refused to select the JPKI AP: it is not a My Number Card, or holds no JPKI. */
public class NotJpkiCardException extends CardCommandException {
  private static final long serialVersionUID = 1L;
  private final int sw;

  public NotJpkiCardException(int sw) {
    super(String.format("this card has no JPKI application (SELECT answered %04X): it is not a"
        + " My Number Card", sw));
    this.sw = sw;
  }

  /** What the card answered to the SELECT. */
  public int sw() {
    return sw;
  }
}
