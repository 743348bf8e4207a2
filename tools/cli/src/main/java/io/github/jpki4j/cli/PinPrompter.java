package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.PinPolicy;
import io.github.jpki4j.jpki.PinPrompt;
import io.github.jpki4j.pin.ConsolePinSource;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinSources;
import io.github.jpki4j.pin.Terminal;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Asks for a PIN and verifies it through the card session, whose {@link PinPolicy} reads the
 * counter, refuses before the user even types what must not be sent, and words the prompt; this
 * class gives it the CLI's advice ({@code --allow-last-try}) and {@link PinSources}' choice of
 * where the PIN comes from.
 */
final class PinPrompter {
  /** The CLI's advice in the policy's refusal: its option. */
  static final String HOW_TO_ALLOW_LAST_TRY = "add --allow-last-try if you are sure of it";

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

  /** The CLI's policy: its advice, and {@code --allow-last-try}. */
  static PinPolicy policy(boolean allowLastTry) {
    return PinPolicy.refusingLastTry(HOW_TO_ALLOW_LAST_TRY).allowingLastTry(allowLastTry);
  }

  /** Verifies {@code pin} on the card, asking the user for it once. */
  void verify(JpkiCard card, JpkiPin pin)
      throws CardCommandException, TransportException, PinEntryException {
    card.verifyPin(pin, policy(options.allowLastTry), this::ask);
  }

  // Picked only once the policy allows asking: a blocked card is reported as such, not as "no
  // terminal". The console shows the one-line prompt only; dialogs get the description above it.
  private char[] ask(PinPrompt prompt) throws PinEntryException {
    PinSource source =
        sources.forCommand(options.pinStdin, in, options.pinentry, Terminal.present());
    char[] value =
        source.readPin(
            source instanceof ConsolePinSource
                ? PinRequest.oneLine(prompt)
                : PinRequest.described(prompt));
    if (prompt.pin().wouldFoldCase(value)) {
      err.println(
          "jpki: note: the signature password is upper case; lower-case letters were"
              + " converted");
    }
    return value;
  }
}
