package io.github.jpki4j.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * jpki's subcommands, and the one {@link CommandLine} that runs them. Building a picocli command
 * from its annotations is most of jpki's start-up (picocli reads every option of every class), so
 * only the subcommand being run is built in full. Without one ({@code jpki}, {@code jpki --help}, a
 * typo) each subcommand is a stub that holds only its name and description: enough for the usage
 * and for picocli's "did you mean". {@code jpki completion} builds them all, for the script.
 */
final class Subcommands {
  /** Every subcommand by name, in the order of {@code jpki --help}. */
  static final Map<String, Class<?>> ALL =
      table(
          "readers", ReadersCommand.class,
          "status", StatusCommand.class,
          "cert", CertCommand.class,
          "ssh-key", SshKeyCommand.class,
          "sign", SignCommand.class,
          "cms", CmsCommand.class,
          "pdf", PdfCommand.class,
          "agent", AgentCommand.class,
          "git-setup", GitSetupCommand.class,
          "pin", PinCommand.class,
          "sim", SimCommand.class,
          "doctor", DoctorCommand.class,
          "completion", CompletionCommand.class);

  private Subcommands() {}

  /** The command line for {@code args}: the root command and what {@code args} need of the rest. */
  static CommandLine commandLine(JpkiCommand root, String[] args) {
    CommandLine cl = new CommandLine(root);
    String chosen = chosen(args);
    for (Map.Entry<String, Class<?>> e : ALL.entrySet()) {
      if (chosen == null) {
        cl.addSubcommand(e.getKey(), stub(e.getKey(), e.getValue()));
      } else if (chosen.equals(e.getKey()) || chosen.equals("completion")) {
        cl.addSubcommand(e.getKey(), e.getValue());
      }
    }
    return cl;
  }

  /**
   * The subcommand {@code args} run: the first argument that names one, skipping the value of
   * {@code --reader} and {@code --card} (picocli itself never takes a subcommand's name as {@code
   * --simulator}'s optional DIR); null when there is none.
   */
  static String chosen(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return null;
      }
      if (a.equals("--reader") || a.equals("--card")) {
        i++;
      } else if (ALL.containsKey(a)) {
        return a;
      }
    }
    return null;
  }

  // A subcommand's name and description, read from its @Command without building the rest.
  private static CommandSpec stub(String name, Class<?> type) {
    Command a = type.getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.create().name(name);
    spec.usageMessage().description(a.description()).header(a.header());
    return spec;
  }

  private static Map<String, Class<?>> table(Object... nameClassPairs) {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    for (int i = 0; i < nameClassPairs.length; i += 2) {
      m.put((String) nameClassPairs[i], (Class<?>) nameClassPairs[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
