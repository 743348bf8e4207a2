package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.cli.pin.AskpassPinSource;
import io.github.jpki4j.cli.pin.ConsolePinSource;
import io.github.jpki4j.cli.pin.PinEntryException;
import io.github.jpki4j.cli.pin.PinRequest;
import io.github.jpki4j.cli.pin.PinSource;
import io.github.jpki4j.cli.pin.PinentryPinSource;
import io.github.jpki4j.cli.pin.StdinPinSource;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinStatus;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Asks for a PIN and verifies it, following the PIN safety rules: the retry counter is read
 * (free) and shown in the prompt; a blocked PIN, or one with a single try left without {@code
 * --allow-last-try}, is refused before the user even types; the format is checked before the card
 * sees it; nothing is retried. The PIN comes from {@code --pin-stdin}, the terminal (no echo), a
 * pinentry program ({@code --pinentry} or {@code JPKI_PINENTRY}), or {@code SSH_ASKPASS}.
 */
final class PinPrompter {
  private final PinOptions options;
  private final PrintStream err;
  private final Map<String, String> env;
  private final InputStream in;

  PinPrompter(PinOptions options, PrintStream err, Map<String, String> env, InputStream in) {
    this.in = in;
    this.options = options;
    this.err = err;
    this.env = env;
  }

  /** Verifies {@code pin} on the card, asking the user for it once. */
  void verify(JpkiCard card, JpkiPin pin) throws CardCommandException, TransportException,
      PinEntryException {
    PinStatus status = card.pinStatus(pin);
    if (status.blocked()) {
      throw new PinBlockedException(pin);
    }
    if (status.lastTry() && !options.allowLastTry) {
      throw new LastTryRefusedException(pin);
    }
    PinSource source = source();
    char[] value = source.readPin(request(status, !(source instanceof ConsolePinSource)));
    try {
      if (pin.wouldFoldCase(value)) {
        err.println("jpki: note: the signature password is upper case; lower-case letters were"
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
    String tries = status.lastTry()
        ? "LAST TRY: a wrong entry blocks it"
        : status.counter();
    return name + " (" + pin.formatDescription() + ", " + tries + "): ";
  }

  /** The console shows the one-line prompt only; dialogs get a description above it. */
  private static PinRequest request(PinStatus status, boolean dialog) {
    JpkiPin pin = status.pin();
    String description = "My Number Card: enter the " + pin.label() + " ("
        + pin.formatDescription() + "). " + status.counter() + ".";
    return new PinRequest("jpki4j", dialog ? description : null, prompt(status), null);
  }

  // SystemConsoleNull: on JDK 22+ System.console() is not null when the streams are redirected;
  // Console.isTerminal() (JDK 22) is not available at --release 17. To do: decide (e.g.
  // -Djdk.console=java.base in the launcher, or isTerminal() through reflection).
  @SuppressWarnings("SystemConsoleNull")
  private PinSource source() throws PinEntryException {
    if (options.pinStdin) {
      return new StdinPinSource(in);
    }
    if (options.pinentry != null) {
      return new PinentryPinSource(List.of(options.pinentry));
    }
    if (System.console() != null) {
      return new ConsolePinSource();
    }
    String pinentry = env.get("JPKI_PINENTRY");
    if (pinentry != null && !pinentry.isBlank()) {
      return new PinentryPinSource(List.of(pinentry));
    }
    String askpass = env.get("SSH_ASKPASS");
    if (askpass != null && !askpass.isBlank()) {
      return new AskpassPinSource(askpass);
    }
    throw new PinEntryException("no terminal to ask for the PIN: use --pin-stdin, or set"
        + " JPKI_PINENTRY to a pinentry program", false);
  }
}
