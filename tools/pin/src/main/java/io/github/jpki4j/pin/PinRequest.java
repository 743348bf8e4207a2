package io.github.jpki4j.pin;

import io.github.jpki4j.jpki.PinPrompt;
import java.util.Objects;

/**
 * What to show the user when asking for a PIN. The caller composes every string, tries left
 * included; a {@link PinSource} only displays them, each in the way its medium allows.
 *
 * <p>Example, for the second attempt at the auth PIN:
 *
 * <pre>{@code
 * new PinRequest(
 *     "jpki4j",
 *     "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.",
 *     "Auth PIN:",
 *     "Wrong PIN: 2 tries left");
 * }</pre>
 *
 * <table>
 *   <caption>How each source shows the fields</caption>
 *   <tr><th>source</th><th>title</th><th>description</th><th>prompt</th><th>error</th></tr>
 *   <tr><td>{@link ConsolePinSource}</td><td>not shown</td>
 *       <td>a line before the prompt, unless the prompt already contains it</td>
 *       <td>before the cursor</td><td>a line before the description</td></tr>
 *   <tr><td>{@link PinentryPinSource}</td><td>{@code SETTITLE}</td><td>{@code SETDESC}</td>
 *       <td>{@code SETPROMPT}</td><td>{@code SETERROR}</td></tr>
 *   <tr><td>{@link AskpassPinSource}</td><td>not shown</td>
 *       <td colspan="3">error, description and prompt in the one argument, one per line</td></tr>
 *   <tr><td>{@link DialogPinSource}</td><td>the window's title</td>
 *       <td>wrapped text above the field</td><td>a label in front of the field</td>
 *       <td>in red, above the description</td></tr>
 *   <tr><td>{@link StdinPinSource}</td><td colspan="4">nothing is shown</td></tr>
 * </table>
 *
 * <p>Text may contain any characters; sources escape what their channel needs (pinentry's percent
 * escaping, for instance) and may shorten very long text (pinentry lines stay below 1000 bytes).
 * Never put a PIN in a request.
 *
 * @param title the window title, e.g. {@code "jpki4j"}; may be {@code null}
 * @param description the explanation: which card, which PIN, its format and tries left; may be
 *     {@code null}
 * @param prompt the short label in front of the input, e.g. {@code "Auth PIN:"}; never {@code null}
 * @param error what went wrong the previous time, e.g. {@code "Wrong PIN: 2 tries left"}; {@code
 *     null} for a first attempt
 */
public record PinRequest(String title, String description, String prompt, String error) {
  /**
   * A request; only the prompt is required.
   *
   * @param title the window title; may be {@code null}
   * @param description the explanation; may be {@code null}
   * @param prompt the label in front of the input
   * @param error what went wrong the previous time; may be {@code null}
   * @throws NullPointerException if {@code prompt} is {@code null}
   */
  public PinRequest {
    Objects.requireNonNull(prompt, "prompt");
  }

  /** The window title of every request made from a driver's {@link PinPrompt}. */
  public static final String TITLE = "jpki4j";

  /**
   * The driver's one-line prompt alone, for a terminal: {@code Auth PIN (4 digits, 2 of 3 tries
   * left): }, with the previous error.
   */
  public static PinRequest oneLine(PinPrompt prompt) {
    return new PinRequest(TITLE, null, prompt.prompt(), prompt.error());
  }

  /** The driver's description above its one-line prompt, for a dialog or helper program. */
  public static PinRequest described(PinPrompt prompt) {
    return new PinRequest(TITLE, prompt.description(), prompt.prompt(), prompt.error());
  }

  /**
   * The driver's description above a short label ({@code Auth PIN:}), for a helper program asked by
   * a program with no terminal of its own (the agent).
   */
  public static PinRequest labelled(PinPrompt prompt) {
    return new PinRequest(TITLE, prompt.description(), prompt.label(), prompt.error());
  }
}
