package io.github.jpki4j.pin;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Asks in a small dialog window of the JDK's own (Swing): for the agent and commands with no
 * terminal and no pinentry or askpass program, which is always the case for a Windows agent asked
 * by WinSCP or Tera Term, and for a desktop Linux or macOS without pinentry.
 *
 * <p>The dialog is modal and stays on top. It shows the request's title as the window's title, the
 * error of the previous attempt in red (e.g. {@code Wrong PIN: 2 tries left}), the description
 * (which PIN, its format, the tries left), and the prompt in front of a masked field; everything
 * the caller put in the request is shown, warnings included (the CLI's {@code LAST TRY: a wrong
 * entry blocks it} is part of its prompt). OK or Enter answers; Cancel, Escape or closing the
 * window cancels ({@link PinEntryException#cancelled()}), which sends nothing to the card. After
 * the timeout (5 minutes by default) the dialog closes and {@link #readPin} fails, not cancelled.
 *
 * <p>Nothing of AWT or Swing is loaded until the first {@link #readPin}: choosing this source
 * ({@link #displayAvailable}) reads the environment only, by the rule {@code
 * java.awt.GraphicsEnvironment.isHeadless()} applies, and {@code isHeadless()} itself is asked when
 * the dialog is first shown. The agent pays for AWT (a few tens of MB of memory) only once a PIN is
 * asked for this way.
 *
 * <p>The PIN is read from the field as a {@code char[]} and the field's buffer is zeroed before the
 * dialog is disposed; no {@code String} of the whole PIN is made. (Swing itself carries each
 * keystroke as a one-character string.)
 *
 * <p>Instances are immutable; a call shows its own dialog.
 */
public final class DialogPinSource implements PinSource {
  /** How long the dialog waits for an answer unless told otherwise: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private final Duration timeout;

  /** A dialog source with the default timeout of 5 minutes. */
  public DialogPinSource() {
    this(DEFAULT_TIMEOUT);
  }

  /**
   * A dialog source.
   *
   * @param timeout how long the dialog waits for the user before it closes and fails
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public DialogPinSource(Duration timeout) {
    this.timeout = ChildProcess.checkTimeout(timeout, "timeout");
  }

  /**
   * Whether a dialog can be shown, decided without loading AWT, by the rule {@code
   * GraphicsEnvironment.isHeadless()} follows: the system property {@code java.awt.headless} when
   * set; otherwise, on Windows and macOS, yes; elsewhere (Linux, the BSDs), only when {@code
   * DISPLAY} is set.
   *
   * @param env the environment ({@code DISPLAY})
   * @param osName the {@code os.name} property
   * @param headlessProperty the {@code java.awt.headless} property, or {@code null}
   */
  public static boolean displayAvailable(
      Map<String, String> env, String osName, String headlessProperty) {
    if (headlessProperty != null) {
      return !Boolean.parseBoolean(headlessProperty);
    }
    String os = Objects.requireNonNullElse(osName, "").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows") || os.startsWith("mac")) {
      return true;
    }
    String display = env.get("DISPLAY");
    return display != null && !display.isBlank();
  }

  /** {@link #displayAvailable(Map, String, String)} for this JVM's properties. */
  public static boolean displayAvailable(Map<String, String> env) {
    return displayAvailable(
        env, System.getProperty("os.name"), System.getProperty("java.awt.headless"));
  }

  /**
   * Shows the dialog and waits for the answer.
   *
   * @return the PIN as typed, possibly empty; the caller wipes it
   * @throws PinEntryException when the user cancelled ({@link PinEntryException#cancelled()}), when
   *     there is no display after all, or when the dialog timed out or failed
   */
  @Override
  public char[] readPin(PinRequest request) throws PinEntryException {
    Objects.requireNonNull(request, "request");
    return PinDialog.ask(request, timeout); // the first use of AWT in the process
  }
}
