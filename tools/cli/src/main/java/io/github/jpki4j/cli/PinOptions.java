package io.github.jpki4j.cli;

import picocli.CommandLine.Option;

/** The PIN options every command that may verify a PIN shares (a picocli mixin). */
final class PinOptions {
  @Option(
      names = "--pin-stdin",
      description =
          "Read the PIN from the first line of standard input (for scripts). "
              + "A PIN is never taken from the command line or the environment.")
  boolean pinStdin;

  @Option(
      names = "--allow-last-try",
      description =
          "Send the PIN even when only one try is left (a wrong PIN then blocks the "
              + "card until you visit your municipal office).")
  boolean allowLastTry;

  @Option(
      names = "--pinentry",
      paramLabel = "PROGRAM",
      description =
          "Ask with this pinentry program (GnuPG's Assuan protocol) instead of the "
              + "terminal. Default: $JPKI_PINENTRY when there is no terminal.")
  String pinentry;
}
