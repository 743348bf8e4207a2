package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.TransportException;
import java.util.Optional;

/**
 * A VERIFY carrying a PIN went out and its answer never came back (the card was removed, the reader
 * failed, the answer was cut). The card may have checked the PIN and counted a try. The PIN is
 * never sent again for it: the counter is read once more, free, and the message says what the card
 * reports now, or that it could not be read. Nothing here is a guess.
 */
public class PinAnswerLostException extends TransportException {
  private static final long serialVersionUID = 1L;
  private final transient JpkiPin pin;
  private final transient PinStatus after;

  PinAnswerLostException(JpkiPin pin, PinStatus before, PinStatus after, TransportException cause) {
    super(message(pin, before, after, cause), cause);
    this.pin = pin;
    this.after = after;
  }

  private static String message(
      JpkiPin pin, PinStatus before, PinStatus after, TransportException cause) {
    String lost =
        "the card's answer to the "
            + pin.label()
            + " was lost ("
            + cause.getMessage()
            + ") and the PIN was not sent again; ";
    if (after == null) {
      return lost + "the card may have counted a try: 'jpki pin status' shows the tries left";
    }
    if (after.triesLeft() == before.triesLeft()
        && !before.verified()
        && before.triesLeft() < pin.maxTries()) {
      // a right PIN would have reset the counter, a wrong one lowered it: the card never saw it
      return lost + "the card did not check it (" + after.counter() + ")";
    }
    return lost + "the card now reports " + after.describe();
  }

  /** Which PIN. */
  public JpkiPin pin() {
    return pin;
  }

  /** The counter as read after the loss; empty when it could not be read. */
  public Optional<PinStatus> after() {
    return Optional.ofNullable(after);
  }
}
