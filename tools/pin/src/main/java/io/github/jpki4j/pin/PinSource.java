package io.github.jpki4j.pin;

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
 * char[] pin = source.readPin(new PinRequest("jpki4j",
 *     "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.", "Auth PIN:", null));
 * try {
 *   card.verifyPin(JpkiPin.AUTH, pin, false);
 * } finally {
 *   Arrays.fill(pin, '\0');
 * }
 * }</pre>
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
}
