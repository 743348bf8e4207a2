package io.github.jpki4j.pin;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that picks where a PIN comes from, from the options and the environment. A PIN
 * itself never comes from either.
 *
 * <ul>
 *   <li>A command: {@code --pin-stdin}, {@code --pinentry PROGRAM}, the terminal, {@code
 *       $JPKI_PINENTRY}, {@code $SSH_ASKPASS}, then the JDK's own dialog where there is a display.
 *   <li>The agent, which has no terminal of its own: {@code --pinentry PROGRAM}, {@code
 *       $JPKI_PINENTRY}, {@code pinentry} on the PATH, {@code $SSH_ASKPASS}, then the dialog where
 *       there is a display (always on Windows, where Pageant's clients have no other way).
 * </ul>
 *
 * <p>Choosing the dialog loads nothing of AWT ({@link DialogPinSource#displayAvailable}).
 */
public final class PinSources {
  private final Map<String, String> env;
  private final boolean display;

  public PinSources(Map<String, String> env) {
    this(env, DialogPinSource.displayAvailable(env));
  }

  /**
   * Sources for this environment.
   *
   * @param env the environment: helper programs, PATH
   * @param display whether the dialog can be shown; the other constructor decides it from {@code
   *     env} and the JVM's properties
   */
  public PinSources(Map<String, String> env, boolean display) {
    this.env = env;
    this.display = display;
  }

  /**
   * For a command a person runs.
   *
   * @param stdin {@code --pin-stdin}: the first line of {@code in}
   * @param pinentry {@code --pinentry}, or null
   * @param console whether there is a terminal to ask on
   */
  public PinSource forCommand(boolean stdin, InputStream in, String pinentry, boolean console)
      throws PinEntryException {
    if (stdin) {
      return new StdinPinSource(in);
    }
    if (given(pinentry)) {
      return new PinentryPinSource(List.of(pinentry));
    }
    if (console) {
      return new ConsolePinSource();
    }
    return helper(false)
        .orElseThrow(
            () ->
                new PinEntryException(
                    "no terminal or display to ask"
                        + " for the PIN: use --pin-stdin, or set JPKI_PINENTRY to a pinentry program",
                    false));
  }

  /**
   * For the agent.
   *
   * @param pinentry {@code --pinentry}, or null; a path is made absolute
   */
  public PinSource forAgent(String pinentry) throws PinEntryException {
    if (given(pinentry)) {
      return new PinentryPinSource(List.of(ProgramPath.absoluteIfPath(pinentry)));
    }
    return helper(true)
        .orElseThrow(
            () ->
                new PinEntryException(
                    "the agent has no way to ask for"
                        + " the PIN: pass --pinentry PROGRAM, set JPKI_PINENTRY or SSH_ASKPASS, install a"
                        + " pinentry (e.g. the pinentry-gnome3 or pinentry-qt package), or start it where a"
                        + " display is (DISPLAY) for its own dialog"));
  }

  // A helper program: $JPKI_PINENTRY, else (if searchPath) pinentry on PATH, else $SSH_ASKPASS;
  // else the dialog, where there is a display.
  private Optional<PinSource> helper(boolean searchPath) {
    String pinentry = env.get("JPKI_PINENTRY");
    if (given(pinentry)) {
      return Optional.of(new PinentryPinSource(List.of(pinentry)));
    }
    if (searchPath) {
      Optional<PinSource> onPath =
          ProgramPath.find("pinentry", env).map(p -> new PinentryPinSource(List.of(p.toString())));
      if (onPath.isPresent()) {
        return onPath;
      }
    }
    String askpass = env.get("SSH_ASKPASS");
    if (given(askpass)) {
      return Optional.of(new AskpassPinSource(askpass));
    }
    return display ? Optional.of(new DialogPinSource()) : Optional.empty();
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }
}
