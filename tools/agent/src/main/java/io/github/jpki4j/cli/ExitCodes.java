package io.github.jpki4j.cli;

/** Exit codes of the {@code jpki} command, stable for scripts (listed in {@code jpki --help}). */
public final class ExitCodes {
  public static final int OK = 0;

  /** Anything not listed below (I/O error, missing file, card answered something unexpected). */
  public static final int FAILURE = 1;

  /** Bad command line. */
  public static final int USAGE = 2;

  /** No PC/SC, no reader, no card, or the card was removed. */
  public static final int NO_CARD = 3;

  /** The card has no JPKI application. */
  public static final int NOT_JPKI = 4;

  /** The card rejected the PIN (tries left on stderr). */
  public static final int WRONG_PIN = 5;

  /** The PIN is blocked. */
  public static final int PIN_BLOCKED = 6;

  /**
   * The PIN was refused before reaching the card: format, one try left, cancelled, no way to ask.
   */
  public static final int PIN_NOT_SENT = 7;

  private ExitCodes() {}
}
