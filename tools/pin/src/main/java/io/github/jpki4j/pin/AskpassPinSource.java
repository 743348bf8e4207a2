package io.github.jpki4j.pin;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks through an askpass program, the way OpenSSH uses {@code SSH_ASKPASS}: the program is run
 * with the question as its only argument and prints the answer on its stdout.
 *
 * <p>Each {@link #readPin} runs {@code program "<text>"} (directly, no shell; a bare name is looked
 * up on {@code PATH}), where the text is the request's error, description and prompt, one per line
 * (the description is left out when the prompt already contains it). The program's stdin is closed
 * at once and its stderr is this process's stderr.
 *
 * <ul>
 *   <li>Exit status 0: the first line of stdout (up to LF, a trailing CR dropped, or all of it when
 *       there is no LF) is the PIN, at most {@value #MAX_PIN_BYTES} bytes of UTF-8; empty output is
 *       an empty PIN. Whatever follows the first line is ignored.
 *   <li>Any other exit status: cancelled ({@link PinEntryException#cancelled()}), as OpenSSH reads
 *       it; anything printed is discarded.
 *   <li>A program that cannot be started ({@code "askpass program X could not be started: …"}),
 *       prints a first line longer than {@value #MAX_PIN_BYTES} bytes, or does not end within the
 *       timeout (5 minutes by default; it is then stopped with its descendants): {@link
 *       PinEntryException}, not cancelled.
 * </ul>
 *
 * <p>Instances are immutable and may be shared between threads; each call runs its own program.
 *
 * <p>Choosing whether to use askpass at all ({@code SSH_ASKPASS}, {@code SSH_ASKPASS_REQUIRE},
 * {@code DISPLAY}) is the caller's business.
 */
public final class AskpassPinSource implements PinSource {
  /** The longest PIN accepted from an askpass program, in bytes of UTF-8. */
  public static final int MAX_PIN_BYTES = 256;

  /** How long the program may run unless told otherwise: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private static final Duration EXIT_GRACE = Duration.ofSeconds(2);

  private final String program;
  private final Duration timeout;

  /**
   * An askpass program with the default timeout of 5 minutes.
   *
   * @param program the program, a path or a name looked up on {@code PATH}, e.g. the value of
   *     {@code SSH_ASKPASS}; it is not split into words
   * @throws IllegalArgumentException if {@code program} is blank
   * @throws NullPointerException if {@code program} is {@code null}
   */
  public AskpassPinSource(String program) {
    this(program, DEFAULT_TIMEOUT);
  }

  /**
   * An askpass program.
   *
   * @param program the program, a path or a name looked up on {@code PATH}; it is not split into
   *     words
   * @param timeout how long the program may run, user's typing included; when it passes, the
   *     program is stopped and {@link #readPin} fails
   * @throws IllegalArgumentException if {@code program} is blank or {@code timeout} is not positive
   * @throws NullPointerException if an argument is {@code null}
   */
  public AskpassPinSource(String program, Duration timeout) {
    this.program = Objects.requireNonNull(program, "program");
    if (program.isBlank()) {
      throw new IllegalArgumentException("empty askpass program");
    }
    this.timeout = ChildProcess.checkTimeout(timeout, "timeout");
  }

  /**
   * Runs the askpass program and reads the PIN from its stdout, as described in the class
   * documentation.
   *
   * @param request error, description and prompt become the program's argument; the title is not
   *     used
   * @return the PIN as entered, possibly empty; the caller wipes it
   * @throws PinEntryException when the user cancelled (non-zero exit; {@link
   *     PinEntryException#cancelled()}), or the program could not be started, misbehaved or timed
   *     out
   */
  @Override
  public char[] readPin(PinRequest request) throws PinEntryException {
    List<String> command = List.of(program, text(request));
    // The exit grace hardly matters: the program has ended (or been stopped) before close().
    try (ChildProcess child = ChildProcess.start("askpass", command, timeout, EXIT_GRACE);
        LineReader reader = new LineReader(child.stdout(), MAX_PIN_BYTES);
        SecretBuffer line = new SecretBuffer(32)) {
      child.closeStdin();
      int n;
      IOException readFailure = null;
      try {
        n = reader.readLine(line);
      } catch (IOException e) {
        n = LineReader.EOF;
        readFailure = e;
      }
      int status;
      try {
        status = child.waitForExit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PinEntryException("interrupted while waiting for " + child.what());
      }
      if (child.timedOut()) {
        throw new PinEntryException(child.timeoutMessage());
      }
      if (status != 0) {
        throw new PinEntryException(
            "PIN entry cancelled (" + child.what() + " exited with status " + status + ")", true);
      }
      if (readFailure != null) {
        throw new PinEntryException(
            child.what() + " could not be read: " + readFailure.getMessage(), readFailure);
      }
      if (n == LineReader.TOO_LONG) {
        throw new PinEntryException(
            child.what() + " printed a line longer than " + MAX_PIN_BYTES + " bytes");
      }
      try {
        return line.toUtf8Chars();
      } catch (CharacterCodingException e) {
        throw new PinEntryException(child.what() + " printed a PIN that is not valid UTF-8");
      }
    }
  }

  // Error, description (unless the prompt repeats it) and prompt, one per line.
  static String text(PinRequest request) {
    List<String> parts = new ArrayList<>(3);
    String prompt = request.prompt().strip();
    if (request.error() != null && !request.error().isBlank()) {
      parts.add(request.error().strip());
    }
    String description = request.description();
    if (description != null && !description.isBlank() && !prompt.contains(description.strip())) {
      parts.add(description.strip());
    }
    parts.add(prompt);
    return String.join("\n", parts);
  }
}
