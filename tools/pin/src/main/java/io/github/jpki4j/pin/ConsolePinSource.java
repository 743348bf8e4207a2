package io.github.jpki4j.pin;

import java.io.Console;
import java.io.IOError;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Asks on the terminal, without echo ({@link Console#readPassword}).
 *
 * <p>Shown, in order: the request's error on its own line (when there is one), the description on
 * its own line (unless the prompt already contains it), then the prompt, followed by a space unless
 * it ends with one, with the cursor after it. The title is not shown.
 *
 * <pre>
 * Wrong PIN: 2 tries left
 * My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.
 * Auth PIN: ▮
 * </pre>
 *
 * <p>There is no timeout: the terminal waits for the user.
 */
public final class ConsolePinSource implements PinSource {
  private final Supplier<Console> console;

  /**
   * The terminal of this process ({@link Terminal#console()}), looked up at each {@link #readPin}.
   */
  public ConsolePinSource() {
    this(Terminal::console);
  }

  ConsolePinSource(Supplier<Console> console) {
    this.console = Objects.requireNonNull(console, "console");
  }

  /**
   * Prints the request and reads one line without echo.
   *
   * @param request error, description and prompt to print; the title is not used
   * @return the line as typed, without its line ending, possibly empty; the caller wipes it
   * @throws PinEntryException when there is no terminal ({@code "no terminal to ask for the PIN on;
   *     …"}), when the terminal fails, or when input ends before a line (Ctrl-D), which counts as
   *     cancelled ({@link PinEntryException#cancelled()})
   */
  @Override
  public char[] readPin(PinRequest request) throws PinEntryException {
    Objects.requireNonNull(request, "request");
    Console c = console.get();
    if (c == null) {
      throw new PinEntryException(
          "no terminal to ask for the PIN on; use --pin-stdin, a pinentry program or SSH_ASKPASS");
    }
    char[] pin;
    try {
      PrintWriter writer = c.writer();
      writer.print(preamble(request));
      writer.flush();
      pin = c.readPassword("%s", promptText(request));
    } catch (IOError e) {
      throw new PinEntryException("could not read the PIN from the terminal: " + e.getMessage(), e);
    }
    if (pin == null) {
      throw new PinEntryException("PIN entry cancelled (end of input on the terminal)", true);
    }
    return pin;
  }

  // The lines printed before the prompt, each ending with a line separator.
  static String preamble(PinRequest request) {
    StringBuilder text = new StringBuilder();
    String nl = System.lineSeparator();
    if (request.error() != null && !request.error().isBlank()) {
      text.append(request.error().strip()).append(nl);
    }
    String description = request.description();
    if (description != null
        && !description.isBlank()
        && !request.prompt().contains(description.strip())) {
      text.append(description.strip()).append(nl);
    }
    return text.toString();
  }

  static String promptText(PinRequest request) {
    String prompt = request.prompt();
    return prompt.isEmpty() || Character.isWhitespace(prompt.charAt(prompt.length() - 1))
        ? prompt
        : prompt + " ";
  }
}
