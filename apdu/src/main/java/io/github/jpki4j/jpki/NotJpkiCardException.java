package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.StatusWords;

/**
 * The card refused to select the JPKI AP: it is not a My Number Card, or holds no JPKI. Only the
 * status words that mean "no such application" say so ({@link #certain()}); any other refusal is a
 * card that failed, and the message says to try again rather than that it is another card.
 */
public class NotJpkiCardException extends CardCommandException {
  private static final long serialVersionUID = 1L;
  private final int sw;

  public NotJpkiCardException(int sw) {
    super(
        certain(sw)
            ? String.format(
                "this card has no JPKI application (SELECT answered %04X): it is not a"
                    + " My Number Card",
                sw)
            : String.format(
                "the card did not select the JPKI application (SELECT answered %04X,"
                    + " %s); try again, or take the card out and put it back",
                sw, StatusWords.describe(sw)));
    this.sw = sw;
  }

  /**
   * Whether the answer means the card has no such application ({@code 6A82}, {@code 6A81}, {@code
   * 6D00}, {@code 6E00}, {@code 6999}), rather than a failure of a card that may have one.
   */
  public boolean certain() {
    return certain(sw);
  }

  private static boolean certain(int sw) {
    return sw == StatusWords.FILE_NOT_FOUND
        || sw == 0x6A81
        || sw == StatusWords.INS_NOT_SUPPORTED
        || sw == StatusWords.CLA_NOT_SUPPORTED
        || sw == 0x6999;
  }

  /** What the card answered to the SELECT. */
  public int sw() {
    return sw;
  }
}
