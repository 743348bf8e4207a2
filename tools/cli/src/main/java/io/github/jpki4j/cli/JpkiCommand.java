package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinSources;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code jpki} command: global options, and the card they select. */
@Command(
    name = "jpki",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    scope = ScopeType.INHERIT,
    description = {
      "The My Number Card (マイナンバーカード) JPKI auth key for SSH and signing, without OpenSC.",
      "",
      "Try it without a card: jpki --simulator ssh-key"
    },
    // the subcommands are added by Subcommands, which builds only the one being run
    footer = {
      "",
      "Environment: JPKI_SIMULATOR=DIR (use the simulated card), JPKI_READER=NAME|INDEX,",
      "  JPKI_PINENTRY=PROGRAM (ask for PINs with pinentry when there is no terminal),",
      "  JPKI_EXTENDED_APDU=1 (as --extended-apdu).",
      "Git commit signing: jpki git-setup (with 'jpki agent' running, OpenSSH's ssh-keygen",
      "  signs through it; else git runs jpki, which answers -Y sign like ssh-keygen).",
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 no reader/card, 4 not a My Number Card,",
      "  5 wrong PIN, 6 PIN blocked, 7 PIN not sent (format, last try, cancelled)."
    })
final class JpkiCommand implements Callable<Integer> {
  @Option(
      names = "--reader",
      paramLabel = "NAME|INDEX",
      scope = ScopeType.INHERIT,
      description =
          "The card reader: its index in 'jpki readers', its name or part of it. "
              + "Default: $JPKI_READER, else the first reader with a card.")
  String reader;

  @Option(
      names = "--card",
      paramLabel = "FINGERPRINT",
      scope = ScopeType.INHERIT,
      description =
          "The card whose auth key has this fingerprint (SHA256:..., as 'jpki readers' and"
              + " ssh-keygen -l show it), or a unique prefix of it. Default: $JPKI_CARD; with"
              + " several cards present, one must be chosen.")
  String card;

  @Option(
      names = "--simulator",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Use the simulated card kept in DIR (created on first use with a test "
              + "identity; PINs 1234 and ABC123). Default DIR: $JPKI_SIMULATOR, else your data "
              + "directory.")
  String simulator;

  @Option(
      names = "--extended-apdu",
      scope = ScopeType.INHERIT,
      description =
          "Read certificates with one extended-length APDU each, for readers known to"
              + " carry them (falls back to short reads if one fails). Default: short reads, or"
              + " $JPKI_EXTENDED_APDU=1.")
  boolean extendedApdu;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Trace every APDU on stderr (PINs masked) and show stack traces.")
  boolean verbose;

  @Spec CommandSpec spec;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;

  JpkiCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** {@code jpki} alone: the usage, on stderr, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return ExitCodes.USAGE;
  }

  /**
   * Which card the options, the system properties and the environment name, and how to read it (the
   * driver's one rule, {@link CardSettings}).
   */
  CardSettings cardSettings() {
    return CardSettings.resolve(
        new CardSettings.Layer(simulator, reader, card, extendedApdu ? Boolean.TRUE : null),
        System.getProperties(),
        env);
  }

  /**
   * The simulated card in use, or null for a real reader: {@code --simulator}, or {@code
   * JPKI_SIMULATOR} unless {@code --reader} names a real reader.
   */
  Path simulatorDir() {
    return cardSettings().simulatorDir();
  }

  /**
   * Where the simulated card lives, used or not: {@code --simulator=DIR}, else {@code
   * JPKI_SIMULATOR}, else the user's data directory.
   */
  Path simulatorHome() {
    return cardSettings().simulatorHome();
  }

  /** How certificates are read: {@code --extended-apdu} or {@code JPKI_EXTENDED_APDU=1}. */
  ReadMode readMode() {
    return cardSettings().readMode();
  }

  CardConnector connector() {
    return new CardConnector(cardSettings(), verbose, err);
  }

  PinSources pinSources() {
    return new PinSources(env);
  }

  PinPrompter pinPrompter(PinOptions options) {
    return new PinPrompter(options, err, pinSources(), in);
  }
}
