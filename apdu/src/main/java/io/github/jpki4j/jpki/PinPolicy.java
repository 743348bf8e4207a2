package io.github.jpki4j.jpki;

import java.util.Objects;

/**
 * The one place that decides whether a PIN may be asked for and sent, from the card's counter and
 * the caller's choice: a blocked PIN never is ({@link PinBlockedException}); a PIN with one try
 * left is not unless the caller allows spending the last try ({@link LastTryRefusedException}). The
 * format is {@link JpkiPin#encode}'s. {@link JpkiCard#verifyPin(JpkiPin, PinPolicy, PinAsker)}
 * applies it before every prompt and again right before the VERIFY.
 *
 * <p>What differs between callers is data, not code: how the user allows the last try (the CLI's
 * {@code --allow-last-try}, the provider's system property) and who is asking (the SSH agent); the
 * refusal and the prompt are worded here and in {@link PinPrompt}, nowhere else.
 *
 * <pre>{@code
 * PinPolicy policy = PinPolicy.refusingLastTry("add --allow-last-try if you are sure of it")
 *     .allowingLastTry(options.allowLastTry);
 * card.verifyPin(JpkiPin.AUTH, policy, prompt -> source.read(prompt.prompt()));
 * }</pre>
 *
 * <p>Immutable.
 */
public final class PinPolicy {
  private static final String ALLOW_EXPLICITLY = "allow it explicitly to go on";

  private final boolean allowLastTry;
  private final boolean neverLastTry;
  private final String howToAllowLastTry;
  private final String requester;

  private PinPolicy(
      boolean allowLastTry, boolean neverLastTry, String howToAllowLastTry, String requester) {
    this.allowLastTry = allowLastTry;
    this.neverLastTry = neverLastTry;
    this.howToAllowLastTry = howToAllowLastTry;
    this.requester = requester;
  }

  /**
   * A policy that refuses the last try and says how to allow it.
   *
   * @param howToAllowLastTry the advice closing the refusal, in the caller's terms, e.g. {@code
   *     "add --allow-last-try if you are sure of it"}
   * @throws IllegalArgumentException if the advice is blank
   */
  public static PinPolicy refusingLastTry(String howToAllowLastTry) {
    return new PinPolicy(false, false, advice(howToAllowLastTry), null);
  }

  /**
   * The policy of a requester that never spends the last try, whatever it is told (the SSH agent:
   * nobody is there to judge whether the PIN about to be typed is surely right). The refusal says
   * so and gives the advice: how to spend it elsewhere.
   *
   * @param requester who asks, also named in the prompt's description ({@link #askingFor})
   * @param howToSpendLastTry the advice closing the refusal
   * @throws IllegalArgumentException if either is blank
   */
  public static PinPolicy neverSpendingLastTry(String requester, String howToSpendLastTry) {
    Objects.requireNonNull(requester, "requester");
    if (requester.isBlank()) {
      throw new IllegalArgumentException("no requester");
    }
    return new PinPolicy(false, true, advice(howToSpendLastTry), requester);
  }

  private static String advice(String advice) {
    Objects.requireNonNull(advice, "advice");
    if (advice.isBlank()) {
      throw new IllegalArgumentException("no advice on how to allow the last try");
    }
    return advice;
  }

  /** The policy of a caller that gives no advice of its own: refuses the last try. */
  public static PinPolicy defaults() {
    return refusingLastTry(ALLOW_EXPLICITLY);
  }

  /**
   * This policy, spending the last try or not as {@code allow} says.
   *
   * @throws IllegalStateException when allowing it on a policy that {@linkplain
   *     #neverSpendingLastTry never spends it}
   */
  public PinPolicy allowingLastTry(boolean allow) {
    if (allow && neverLastTry) {
      throw new IllegalStateException(requester + " never spends the last try");
    }
    return new PinPolicy(allow, neverLastTry, howToAllowLastTry, requester);
  }

  /**
   * This policy, naming who asks in the prompt's description ("… (4 digits) for the jpki SSH agent.
   * …").
   *
   * @param requester e.g. {@code "the jpki SSH agent"}; {@code null} for none
   */
  public PinPolicy askingFor(String requester) {
    if (neverLastTry && (requester == null || requester.isBlank())) {
      throw new IllegalArgumentException("a policy that never spends the last try names who asks");
    }
    return new PinPolicy(
        allowLastTry,
        neverLastTry,
        howToAllowLastTry,
        requester == null || requester.isBlank() ? null : requester);
  }

  /** Whether the last try may be spent. */
  public boolean allowsLastTry() {
    return allowLastTry;
  }

  /**
   * What to ask the user with, given the counter just read; or why not to ask at all.
   *
   * @param status the counter, read (free) right before
   * @return the prompt's facts and words
   * @throws PinBlockedException the PIN is blocked
   * @throws LastTryRefusedException one try is left and this policy does not spend it
   */
  public PinPrompt promptFor(PinStatus status) throws PinBlockedException, LastTryRefusedException {
    requireSendable(status);
    return new PinPrompt(status, requester, null);
  }

  /**
   * Refuses what must not reach the card in this state of the counter.
   *
   * @throws PinBlockedException the PIN is blocked
   * @throws LastTryRefusedException one try is left and this policy does not spend it
   */
  public void requireSendable(PinStatus status)
      throws PinBlockedException, LastTryRefusedException {
    JpkiPin pin = status.pin();
    if (status.blocked()) {
      throw new PinBlockedException(pin);
    }
    if (status.lastTry() && !allowLastTry) {
      String summary = "only 1 try of the " + pin.label() + " is left";
      throw new LastTryRefusedException(
          pin,
          summary,
          summary
              + "; a wrong entry would block the card, so it was not sent ("
              + (neverLastTry ? requester + " never spends the last try; " : "")
              + howToAllowLastTry
              + ")");
    }
  }
}
