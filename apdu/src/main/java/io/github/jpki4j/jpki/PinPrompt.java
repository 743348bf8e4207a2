package io.github.jpki4j.jpki;

import java.util.Objects;

/**
 * What a {@link PinAsker} is told: the facts of one question for a PIN, and the one wording of
 * them. Each medium takes the words it has room for: a terminal the one-line {@link #prompt()}, a
 * callback with nothing around it {@link #promptNamingTheCard()}, a dialog or pinentry program the
 * {@link #description()} above a {@link #label()} or the prompt, and the {@link #error()} of the
 * attempt before.
 *
 * <table>
 *   <caption>The words, for the auth PIN with 2 of 3 tries left</caption>
 *   <tr><td>{@link #prompt()}</td><td>{@code Auth PIN (4 digits, 2 of 3 tries left): }</td></tr>
 *   <tr><td>{@link #promptNamingTheCard()}</td>
 *       <td>{@code My Number Card auth PIN (4 digits, 2 of 3 tries left): }</td></tr>
 *   <tr><td>{@link #label()}</td><td>{@code Auth PIN:}</td></tr>
 *   <tr><td>{@link #description()}</td>
 *       <td>{@code My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.}</td></tr>
 *   <tr><td>{@link #error()} after a wrong PIN</td><td>{@code Wrong PIN: 2 tries left}</td></tr>
 * </table>
 *
 * <p>With one try left (only asked when the {@link PinPolicy} allows spending it) the prompts say
 * {@code LAST TRY: a wrong entry blocks it} in place of the counter.
 *
 * @param status the counter read (free) right before asking; never blocked
 * @param requester who asks, named in the description ({@code "the jpki SSH agent"}); may be null
 * @param previousFailure why the previous attempt at this PIN failed, for {@link #error()}; may be
 *     null
 */
public record PinPrompt(PinStatus status, String requester, PinException previousFailure) {
  public PinPrompt {
    Objects.requireNonNull(status, "status");
  }

  /** Which PIN is asked for. */
  public JpkiPin pin() {
    return status.pin();
  }

  /** Whether this is the last try: a wrong entry blocks the PIN. */
  public boolean lastTry() {
    return status.lastTry();
  }

  /** This prompt, saying at the next question why the previous attempt failed. */
  public PinPrompt afterFailure(PinException failure) {
    return new PinPrompt(status, requester, failure);
  }

  /** For a terminal: {@code "Auth PIN (4 digits, 2 of 3 tries left): "}. */
  public String prompt() {
    return capitalize(pin().label()) + details();
  }

  /**
   * For a question with nothing around it to say which card (a JAAS callback): {@code "My Number
   * Card auth PIN (4 digits, 2 of 3 tries left): "}.
   */
  public String promptNamingTheCard() {
    return "My Number Card " + pin().label() + details();
  }

  /** The short label in front of a field whose {@link #description()} says the rest. */
  public String label() {
    return capitalize(pin().label()) + ":";
  }

  /**
   * The explanation above a field: {@code "My Number Card: enter the auth PIN (4 digits) for the
   * jpki SSH agent. 2 of 3 tries left."} (the requester only when there is one).
   */
  public String description() {
    JpkiPin pin = pin();
    return "My Number Card: enter the "
        + pin.label()
        + " ("
        + pin.formatDescription()
        + ")"
        + (requester == null ? "" : " for " + requester)
        + ". "
        + status.counter()
        + ".";
  }

  /**
   * Why the previous attempt failed, as a sentence: {@code "Wrong PIN: 2 tries left"}, or the
   * refusal (a malformed PIN); {@code null} for a first attempt.
   */
  public String error() {
    if (previousFailure == null) {
      return null;
    }
    if (previousFailure instanceof WrongPinException wrong) {
      return "Wrong PIN: " + PinStatus.triesLeft(wrong.triesLeft());
    }
    return capitalize(previousFailure.getMessage());
  }

  // " (4 digits, 2 of 3 tries left): ", the counter replaced by a warning on the last try
  private String details() {
    String tries = lastTry() ? "LAST TRY: a wrong entry blocks it" : status.counter();
    return " (" + pin().formatDescription() + ", " + tries + "): ";
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
