package io.github.jpki4j.pin;

import io.github.jpki4j.jpki.PinAsker;
import io.github.jpki4j.jpki.PinPrompt;
import java.util.function.Function;

/**
 * Asks the user for a PIN, once.
 *
 * <p>Implementations: {@link ConsolePinSource} (terminal, no echo), {@link StdinPinSource} (first
 * line of standard input), {@link PinentryPinSource} (a GnuPG pinentry program), {@link
 * AskpassPinSource} (an OpenSSH {@code SSH_ASKPASS} program) and {@link DialogPinSource} (a Swing
 * dialog).
 *
 * <pre>{@code
 * PinSource source = new PinentryPinSource(List.of("pinentry-gnome3"));
 * card.verifyPin(JpkiPin.AUTH, PinPolicy.defaults(), source.asker(PinRequest::described));
 * }</pre>
 *
 * <p>The card session ({@link
 * io.github.jpki4j.jpki.JpkiCard#verifyPin(io.github.jpki4j.jpki.JpkiPin,
 * io.github.jpki4j.jpki.PinPolicy, PinAsker)}) reads the counter, decides whether to ask at all,
 * words the question and wipes the answer; a source only shows the words {@link #asker} picks.
 *
 * <p>A source returns what the user entered, without judging it: the answer may be empty or not
 * look like a PIN at all. Checking the format before anything reaches the card is the caller's job.
 * A source never retries on its own and never remembers a PIN between calls.
 */
public interface PinSource {
  /**
   * Asks for one PIN.
   *
   * @param request the text to show; how much of it is shown depends on the source ({@link
   *     StdinPinSource} shows nothing)
   * @return a fresh array holding the PIN exactly as entered (without the line ending); the caller
   *     owns it and must wipe it ({@code Arrays.fill(pin, '\0')}) when done
   * @throws PinEntryException when the user cancelled ({@link PinEntryException#cancelled()} is
   *     then {@code true}), when there is no way to ask (no terminal, a helper program that cannot
   *     be started), or when reading failed or timed out; the message never contains the PIN
   */
  char[] readPin(PinRequest request) throws PinEntryException;

  /**
   * This source as the driver's {@link PinAsker}: each {@link PinPrompt} is shown as {@code words}
   * puts it ({@link PinRequest#oneLine}, {@link PinRequest#described}, {@link
   * PinRequest#labelled}).
   */
  default PinAsker<PinEntryException> asker(Function<PinPrompt, PinRequest> words) {
    return prompt -> readPin(words.apply(prompt));
  }
}
