package io.github.jpki4j.jpki;

/**
 * Asks the user for a PIN, once: the terminal, a pinentry program, a dialog, a JAAS callback.
 * {@link JpkiCard#verifyPin(JpkiPin, PinPolicy, PinAsker)} calls it after reading the counter and
 * deciding, by its {@link PinPolicy}, that the PIN may be asked for; the {@link PinPrompt} carries
 * the facts (which PIN, tries left, whether a wrong entry blocks it) and their words.
 *
 * <p>An asker returns what the user entered without judging it: the session checks the format
 * before anything reaches the card. It never retries on its own and never keeps the PIN.
 *
 * @param <X> what the asker throws when the user cancels or there is no way to ask; the session
 *     passes it on untouched and sends nothing
 */
@FunctionalInterface
public interface PinAsker<X extends Exception> {
  /**
   * Asks for one PIN.
   *
   * @param prompt what to say
   * @return a fresh array holding the PIN as entered; the session wipes it once the card has seen
   *     it (or refused it unsent)
   * @throws X the user cancelled, or the PIN could not be asked for
   */
  char[] askPin(PinPrompt prompt) throws X;
}
