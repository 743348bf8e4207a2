package io.github.jpki4j.pin;

/**
 * Run in a child JVM by {@link TerminalTest}: prints what {@link Terminal} decided, and whether the
 * JVM had {@code Console.isTerminal()} to ask.
 */
final class TerminalProbe {
  private TerminalProbe() {}

  public static void main(String[] args) {
    System.out.println(
        "feature="
            + Runtime.version().feature()
            + " asks="
            + Terminal.asksTheConsole()
            + " terminal="
            + Terminal.present());
  }
}
