package io.github.jpki4j.signing;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The one wording of what a signature with the signature key (署名用) shares, and the y/N decision
 * before the card is asked for it. Every command that signs with that key ({@code cms sign}, {@code
 * pdf sign}) goes through {@link #obtain}.
 */
public final class PersonalDataConsent {
  /** What the signer is told before the signature password is asked for. */
  public static final String NOTICE =
      "a signature with the signature key (署名用) is legally binding, and its certificate goes"
          + " into every signed file: whoever receives one reads your name, address, birth date"
          + " and sex in it";

  /** The option that gives the consent ahead, on a command line. */
  public static final String OPTION = "--share-personal-data";

  static final String QUESTION = "Share them and sign? [y/N] ";
  static final String NO_TERMINAL =
      "not signing: add "
          + OPTION
          + " to go on without a terminal (or use --key auth, whose certificate does not name you)";
  static final String DECLINED = "not signing";

  /** A terminal to ask on: the answer line, or null at its end. */
  @FunctionalInterface
  public interface Terminal {
    String readLine(String question);
  }

  private PersonalDataConsent() {}

  /**
   * Tells the notice on {@code err} (each line prefixed {@code prefix}) and decides.
   *
   * @param given the consent was given ahead ({@link #OPTION})
   * @param terminal where to ask; null when there is no terminal
   * @return true to go on and sign
   */
  public static boolean obtain(boolean given, Terminal terminal, PrintStream err, String prefix) {
    err.println(prefix + NOTICE);
    if (given) {
      return true;
    }
    if (terminal == null) {
      err.println(prefix + NO_TERMINAL);
      return false;
    }
    String answer = terminal.readLine(QUESTION);
    if (answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
      return true;
    }
    err.println(prefix + DECLINED);
    return false;
  }
}
