package io.github.jpki4j.pin;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Asks through a GnuPG pinentry program ({@code pinentry-curses}, {@code pinentry-gnome3}, {@code
 * pinentry-qt}, {@code pinentry-mac}, …), speaking the Assuan protocol on its stdin and stdout.
 *
 * <p>Each {@link #readPin} starts the program afresh and holds this dialogue with it:
 *
 * <pre>
 *   &lt;- OK Pleased to meet you
 *   -&gt; OPTION ttyname=/dev/pts/3          (only the harmless hints, see below; ERR is ignored)
 *   -&gt; SETTITLE jpki4j                    (ERR is ignored: very old pinentries lack it)
 *   -&gt; SETDESC My Number Card: enter the auth PIN (4 digits).%0A2 of 3 tries left.
 *   -&gt; SETPROMPT Auth PIN:
 *   -&gt; SETERROR Wrong PIN: 2 tries left  (only when the request has an error)
 *   -&gt; GETPIN
 *   &lt;- D 1234
 *   &lt;- OK
 *   -&gt; BYE
 * </pre>
 *
 * <p>Outgoing text is UTF-8 with {@code %}, CR, LF and other control characters percent-escaped
 * ({@code %25}, {@code %0D}, {@code %0A}); a text too long for an Assuan line (below 1000 bytes) is
 * shortened. Incoming {@code D} lines are percent-decoded ({@code D 12%2534} is {@code 12%34}) and
 * may be split over several lines; {@code #} comments and {@code S} status lines are skipped; an
 * {@code INQUIRE} is declined with {@code CAN}. A pinentry that sends no {@code D} line before
 * {@code OK} returns an empty PIN. The PIN is at most {@value #MAX_PIN_BYTES} bytes of UTF-8.
 *
 * <p>The hints sent as {@code OPTION}s, each only when known: {@code ttyname} ({@code GPG_TTY}, or
 * the terminal on this process's stdin when there is a console) with {@code ttytype} ({@code
 * TERM}), so that {@code pinentry-curses} can draw on the terminal; {@code lc-ctype} and {@code
 * lc-messages} ({@code LC_ALL}, {@code LC_CTYPE}/{@code LC_MESSAGES}, {@code LANG}). No {@code
 * SETKEYINFO} is sent, so pinentries never offer to store the PIN in a password manager.
 *
 * <p>Outcomes:
 *
 * <ul>
 *   <li>{@code ERR} with GnuPG error code 99 (canceled) or 114 (not confirmed) in its low 16 bits,
 *       such as {@code ERR 83886179 Operation cancelled}, or any ERR whose text mentions
 *       cancelling: {@link PinEntryException} with {@link PinEntryException#cancelled()}.
 *   <li>Any other ERR to {@code GETPIN}, {@code SETDESC}, {@code SETPROMPT} or {@code SETERROR}, a
 *       program that cannot be started ({@code "pinentry program X could not be started: …"}), ends
 *       early, sends something that is not Assuan, does not greet within 30 seconds, or does not
 *       finish within the timeout (5 minutes by default); a program overrunning either is stopped
 *       with its descendants: {@link PinEntryException}, not cancelled.
 * </ul>
 *
 * <p>After the answer, {@code BYE} is sent and stdin closed; a program still running 2 seconds
 * later is stopped. The program's stderr is this process's stderr. Nothing is ever written to the
 * pinentry that came from a PIN.
 *
 * <p>Instances are immutable and may be shared between threads; each call runs its own program.
 */
public final class PinentryPinSource implements PinSource {
  /** The longest PIN accepted from a pinentry, in bytes of UTF-8. */
  public static final int MAX_PIN_BYTES = 256;

  /** How long a whole dialogue may last unless told otherwise: 5 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private static final Duration EXIT_GRACE = Duration.ofSeconds(2);

  // A pinentry greets as soon as it runs; one that does not is not a pinentry.
  private static final Duration GREETING_TIMEOUT = Duration.ofSeconds(30);

  private final List<String> command;
  private final Duration timeout;
  private final Duration exitGrace;
  private final Duration greetingTimeout;
  private final Map<String, String> options;

  /**
   * A pinentry run as {@code command} (program and arguments, no shell), with the default timeout
   * of 5 minutes.
   *
   * @param command the program and its arguments, e.g. {@code List.of("pinentry-curses")}
   * @throws IllegalArgumentException if {@code command} is empty
   * @throws NullPointerException if {@code command} or one of its elements is {@code null}
   */
  public PinentryPinSource(List<String> command) {
    this(command, DEFAULT_TIMEOUT);
  }

  /**
   * A pinentry run as {@code command} (program and arguments, no shell).
   *
   * @param command the program and its arguments, e.g. {@code List.of("pinentry-curses")}
   * @param timeout how long the whole dialogue may take, user's typing included; when it passes,
   *     the program is stopped and {@link #readPin} fails
   * @throws IllegalArgumentException if {@code command} is empty or {@code timeout} is not positive
   * @throws NullPointerException if an argument or an element of {@code command} is {@code null}
   */
  public PinentryPinSource(List<String> command, Duration timeout) {
    this(
        command,
        timeout,
        EXIT_GRACE,
        GREETING_TIMEOUT,
        defaultOptions(System.getenv(), terminalName()));
  }

  PinentryPinSource(
      List<String> command,
      Duration timeout,
      Duration exitGrace,
      Duration greetingTimeout,
      Map<String, String> options) {
    this.command = List.copyOf(command);
    if (this.command.isEmpty()) {
      throw new IllegalArgumentException("empty pinentry command");
    }
    this.timeout = ChildProcess.checkTimeout(timeout, "timeout");
    this.exitGrace = ChildProcess.checkTimeout(exitGrace, "exit grace");
    this.greetingTimeout = ChildProcess.checkTimeout(greetingTimeout, "greeting timeout");
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Runs the pinentry and asks it for the PIN as described in the class documentation.
   *
   * @param request title, description, prompt and error for {@code SETTITLE}, {@code SETDESC},
   *     {@code SETPROMPT} and {@code SETERROR}
   * @return the PIN as entered, possibly empty; the caller wipes it
   * @throws PinEntryException when the user cancelled ({@link PinEntryException#cancelled()}), or
   *     the program could not be started, failed, misbehaved or timed out
   */
  @Override
  public char[] readPin(PinRequest request) throws PinEntryException {
    Objects.requireNonNull(request, "request");
    try (ChildProcess child = ChildProcess.start("pinentry", command, timeout, exitGrace);
        LineReader reader = new LineReader(child.stdout(), Assuan.MAX_LINE + 24);
        SecretBuffer line = new SecretBuffer(128);
        SecretBuffer pin = new SecretBuffer(32)) {
      AssuanClient assuan = new AssuanClient(child, reader, line, MAX_PIN_BYTES);
      child.firstDeadline(greetingTimeout, "greet");
      String err = assuan.readReply("the greeting", null);
      if (err != null) {
        throw new PinEntryException(child.what() + " refused to start: " + err);
      }
      child.fullDeadline();
      for (Map.Entry<String, String> option : options.entrySet()) {
        assuan.command("OPTION", option.getKey() + "=" + option.getValue(), null);
      }
      if (request.title() != null) {
        assuan.command("SETTITLE", request.title(), null);
      }
      set(assuan, child, "SETDESC", request.description());
      set(assuan, child, "SETPROMPT", request.prompt().strip());
      set(assuan, child, "SETERROR", request.error());
      err = assuan.command("GETPIN", null, pin);
      if (err != null) {
        assuan.bye();
        throw getPinFailure(child, assuan.refusedInquiry(), err);
      }
      char[] result;
      try {
        result = pin.toUtf8Chars();
      } catch (CharacterCodingException e) {
        throw new PinEntryException(child.what() + " returned a PIN that is not valid UTF-8");
      }
      assuan.bye();
      return result;
    }
  }

  private static void set(AssuanClient assuan, ChildProcess child, String verb, String text)
      throws PinEntryException {
    if (text == null) {
      return;
    }
    String err = assuan.command(verb, text, null);
    if (err != null) {
      throw new PinEntryException(child.what() + " refused " + verb + ": " + err);
    }
  }

  private static PinEntryException getPinFailure(
      ChildProcess child, String refusedInquiry, String err) {
    if (refusedInquiry != null) {
      return new PinEntryException(
          child.what() + " asked for " + refusedInquiry + " (INQUIRE), which jpki4j cannot give");
    }
    if (isCancel(err)) {
      return new PinEntryException("PIN entry cancelled (" + child.what() + ")", true);
    }
    return new PinEntryException(child.what() + " failed: " + err);
  }

  // GPG_ERR_CANCELED (99) or GPG_ERR_NOT_CONFIRMED (114) in the code's low 16 bits, whatever
  // the error source in the high bits (pinentry's is 5: 83886179, 83886194), or the word itself.
  static boolean isCancel(String errLine) {
    String[] parts = errLine.split(" ", 3);
    if (parts.length >= 2) {
      try {
        long code = Long.parseLong(parts[1]) & 0xFFFF;
        if (code == 99 || code == 114) {
          return true;
        }
      } catch (NumberFormatException e) {
        // Not a number: only the text can tell.
      }
    }
    return errLine.toLowerCase(Locale.ROOT).contains("cancel");
  }

  // The OPTIONs gpg-agent would send, from the environment, when known.
  static Map<String, String> defaultOptions(Map<String, String> env, String terminalName) {
    Map<String, String> options = new LinkedHashMap<>();
    String tty = first(env, "GPG_TTY");
    if (tty == null) {
      tty = terminalName;
    }
    if (tty != null) {
      options.put("ttyname", tty);
      String term = first(env, "TERM");
      if (term != null) {
        options.put("ttytype", term);
      }
    }
    String ctype = first(env, "LC_ALL", "LC_CTYPE", "LANG");
    if (ctype != null) {
      options.put("lc-ctype", ctype);
    }
    String messages = first(env, "LC_ALL", "LC_MESSAGES", "LANG");
    if (messages != null) {
      options.put("lc-messages", messages);
    }
    return options;
  }

  private static String first(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  // The terminal device on stdin (Linux /proc), when this process has a console; else null.
  private static String terminalName() {
    if (!Terminal.present()) {
      return null;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/") ? target : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
