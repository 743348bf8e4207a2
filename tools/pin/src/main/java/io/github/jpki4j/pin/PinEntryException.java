package io.github.jpki4j.pin;

/**
 * A PIN could not be obtained: the user cancelled, there was no way to ask, or reading failed.
 *
 * <p>{@link #cancelled()} separates the first case, a deliberate "no" from the user (which a caller
 * should respect quietly: no retry, no further prompt), from all the others (no terminal, a helper
 * program that is missing, crashed, hung or spoke nonsense, an I/O error), which deserve an error
 * report.
 *
 * <p>The message is one line, meant to be shown to the user as is, e.g. {@code "pinentry program
 * pinentry-qt could not be started: No such file or directory"}. Line breaks and other control
 * characters given to the constructors are replaced by spaces. A message never contains the PIN,
 * nor anything a helper program sent after it was asked for the PIN, apart from an Assuan error
 * text.
 */
public class PinEntryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether the user cancelled. */
  private final boolean cancelled;

  /**
   * A failure that is not a cancellation.
   *
   * @param message one line for the user
   */
  public PinEntryException(String message) {
    this(message, false, null);
  }

  /**
   * A failure, or a cancellation by the user.
   *
   * @param message one line for the user
   * @param cancelled {@code true} when the user cancelled the prompt
   */
  public PinEntryException(String message, boolean cancelled) {
    this(message, cancelled, null);
  }

  /**
   * A failure caused by another exception (not a cancellation).
   *
   * @param message one line for the user
   * @param cause what went wrong underneath, e.g. an {@link java.io.IOException}
   */
  public PinEntryException(String message, Throwable cause) {
    this(message, false, cause);
  }

  private PinEntryException(String message, boolean cancelled, Throwable cause) {
    super(oneLine(message, Integer.MAX_VALUE), cause);
    this.cancelled = cancelled;
  }

  /**
   * Whether the user cancelled the prompt (the pinentry's Cancel button, a non-zero exit of the
   * askpass program, end of input at the terminal).
   *
   * @return {@code true} for a cancellation, {@code false} for any other failure
   */
  public boolean cancelled() {
    return cancelled;
  }

  // Control characters become spaces, runs of spaces collapse; longer than max → cut with "…".
  static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), 256));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        c = ' ';
      }
      if (c == ' ' && (b.length() == 0 || b.charAt(b.length() - 1) == ' ')) {
        continue;
      }
      b.append(c);
    }
    String line = b.toString().strip();
    if (line.length() > max) {
      line = line.substring(0, Math.max(0, max - 1)) + "…";
    }
    return line;
  }
}
