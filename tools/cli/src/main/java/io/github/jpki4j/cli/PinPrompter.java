package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.pin.ConsolePinSource;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinSources;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Asks for a PIN and verifies it, following the PIN safety rules: the retry counter is read (free)
 * and shown in the prompt; a blocked PIN, or one with a single try left without {@code
 * --allow-last-try}, is refused before the user even types; the format is checked before the card
 * sees it; nothing is retried. {@link PinSources} picks where the PIN comes from.
 */
final class PinPrompter {
  private final PinOptions options;
  private final PrintStream err;
  private final PinSources sources;
  private final InputStream in;

  PinPrompter(PinOptions options, PrintStream err, PinSources sources, InputStream in) {
    this.in = in;
    this.options = options;
    this.err = err;
    this.sources = sources;
  }

  /** Verifies {@code pin} on the card, asking the user for it once. */
  void verify(JpkiCard card, JpkiPin pin)
      throws CardCommandException, TransportException, PinEntryException {
    PinStatus status = card.pinStatus(pin);
    if (status.blocked()) {
      throw new PinBlockedException(pin);
    }
    if (status.lastTry() && !options.allowLastTry) {
      throw new LastTryRefusedException(pin);
    }
    PinSource source =
        sources.forCommand(options.pinStdin, in, options.pinentry, System.console() != null);
    char[] value = source.readPin(request(status, !(source instanceof ConsolePinSource)));
    try {
      if (pin.wouldFoldCase(value)) {
        err.println(
            "jpki: note: the signature password is upper case; lower-case letters were"
                + " converted");
      }
      card.verifyPin(pin, value, options.allowLastTry);
    } finally {
      Arrays.fill(value, '\0');
    }
  }

  static String prompt(PinStatus status) {
    JpkiPin pin = status.pin();
    String name = pin == JpkiPin.AUTH ? "Auth PIN" : "Signature password";
    String tries = status.lastTry() ? "LAST TRY: a wrong entry blocks it" : status.counter();
    return name + " (" + pin.formatDescription() + ", " + tries + "): ";
  }

  /** The console shows the one-line prompt only; dialogs get a description above it. */
  private static PinRequest request(PinStatus status, boolean dialog) {
    JpkiPin pin = status.pin();
    String description =
        "My Number Card: enter the "
            + pin.label()
            + " ("
            + pin.formatDescription()
            + "). "
            + status.counter()
            + ".";
    return new PinRequest("jpki4j", dialog ? description : null, prompt(status), null);
  }
}
