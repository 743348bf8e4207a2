package io.github.jpki4j.jpki;

/**
 * Refused locally: only one try is left and the caller's {@link PinPolicy} does not spend it.
 * Nothing was sent to the card. The message ends with the policy's advice on how to allow it.
 */
public class LastTryRefusedException extends PinException {
  private static final long serialVersionUID = 1L;
  private final String summary;

  /** Made by {@link PinPolicy}, which words it. */
  LastTryRefusedException(JpkiPin pin, String summary, String message) {
    super(pin, message);
    this.summary = summary;
  }

  /** The refusal without the advice: {@code "only 1 try of the auth PIN is left"}. */
  public String summary() {
    return summary;
  }
}
