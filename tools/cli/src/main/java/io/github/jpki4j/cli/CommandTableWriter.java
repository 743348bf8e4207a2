package io.github.jpki4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Writes the {@link CommandTable} from picocli's model, at build time ({@code process-classes}):
 * {@code java CommandTableWriter FILE}. A command goes in with its options only when {@link
 * QuickRun} can run it exactly as picocli would: a subcommand of the root without subcommands or
 * positional parameters, whose options (and the root's) are plain flags and strings without
 * defaults, converters or groups. Every command goes in with its usage and its help and version
 * options.
 */
final class CommandTableWriter {
  private CommandTableWriter() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, table().format(), StandardCharsets.UTF_8);
  }

  /** The table of this build's commands. */
  static CommandTable table() {
    Map<String, CommandTable.Command> commands = new LinkedHashMap<>();
    // The root's usage as a run prints it: with each subcommand a stub (Subcommands).
    String rootUsage = Main.picocli(root(), new String[] {"--help"}).getUsageMessage();
    CommandLine all = Main.picocli(root(), new String[] {"completion"});
    CommandSpec rootSpec = all.getCommandSpec();
    List<CommandTable.Option> rootOptions = quickOptions(rootSpec);
    commands.put(CommandTable.ROOT, command(rootSpec, rootOptions, rootUsage));
    for (CommandLine sub : all.getSubcommands().values()) {
      add(sub, rootOptions != null, commands);
    }
    return new CommandTable(commands);
  }

  private static void add(CommandLine cl, boolean rootQuick, Map<String, CommandTable.Command> to) {
    CommandSpec spec = cl.getCommandSpec();
    List<CommandTable.Option> options =
        rootQuick && spec.parent().parent() == null && quickCommand(spec)
            ? quickOptions(spec)
            : null;
    to.put(spec.qualifiedName(), command(spec, options, cl.getUsageMessage()));
    for (CommandLine sub : cl.getSubcommands().values()) {
      add(sub, rootQuick, to);
    }
  }

  // The command's entry: quick with `options` when they are not null, else usage and help only.
  private static CommandTable.Command command(
      CommandSpec spec, List<CommandTable.Option> options, String usage) {
    if (options == null) {
      List<CommandTable.Option> help = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (o.usageHelp() || o.versionHelp()) {
          help.add(option(spec, o));
        }
      }
      return new CommandTable.Command(spec.qualifiedName(), null, null, help, usage);
    }
    Class<?> type = spec.userObject().getClass();
    String parent = spec.parent() == null ? "" : parentField(type);
    return new CommandTable.Command(spec.qualifiedName(), type.getName(), parent, options, usage);
  }

  // A leaf that QuickRun can make and call: no positional parameters, groups, mixins of its own,
  // @Spec or unmatched-argument fields, one @ParentCommand (its options: quickOptions).
  private static boolean quickCommand(CommandSpec spec) {
    Class<?> type = spec.userObject().getClass();
    return spec.subcommands().isEmpty()
        && spec.positionalParameters().isEmpty()
        && spec.argGroups().isEmpty()
        && spec.mixins().keySet().stream().allMatch(m -> m.equals("mixinStandardHelpOptions"))
        && spec.unmatchedArgsBindings().isEmpty()
        && Callable.class.isAssignableFrom(type)
        && fields(type, Spec.class).isEmpty()
        && fields(type, ParentCommand.class).size() == 1;
  }

  // The command's own options as the table holds them, or null if one is not plain.
  private static List<CommandTable.Option> quickOptions(CommandSpec spec) {
    List<CommandTable.Option> options = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (o.inherited() && !o.usageHelp() && !o.versionHelp()) {
        continue; // the root's, in the root's entry
      }
      CommandTable.Option option = option(spec, o);
      if (option == null) {
        return null;
      }
      options.add(option);
    }
    return options;
  }

  private static CommandTable.Option option(CommandSpec spec, OptionSpec o) {
    boolean inherited = o.scopeType() == ScopeType.INHERIT;
    List<String> names = List.of(o.names());
    if (o.usageHelp()) {
      return new CommandTable.Option(names, CommandTable.Kind.HELP, "", "", inherited);
    }
    if (o.versionHelp()) {
      return new CommandTable.Option(names, CommandTable.Kind.VERSION, "", "", inherited);
    }
    if (o.required()
        || o.negatable()
        || o.interactive()
        || o.defaultValue() != null
        || !o.splitRegex().isEmpty()
        || o.converters().length > 0
        || o.isMultiValue()
        || !(o.userObject() instanceof Field field)
        || field.getDeclaringClass() != spec.userObject().getClass()) {
      return null;
    }
    CommandTable.Kind kind;
    if (o.type() == boolean.class && o.arity().max() == 0) {
      kind = CommandTable.Kind.FLAG;
    } else if (o.type() == String.class && o.arity().min() == 1 && o.arity().max() == 1) {
      kind = CommandTable.Kind.VALUE;
    } else if (o.type() == String.class
        && o.arity().min() == 0
        && o.arity().max() == 1
        && o.fallbackValue() != null
        && !o.fallbackValue().contains("\t")
        && !o.fallbackValue().contains("\n")) {
      kind = CommandTable.Kind.OPTIONAL_VALUE;
    } else {
      return null;
    }
    String fallback = kind == CommandTable.Kind.OPTIONAL_VALUE ? o.fallbackValue() : "";
    return new CommandTable.Option(names, kind, field.getName(), fallback, inherited);
  }

  private static String parentField(Class<?> type) {
    return fields(type, ParentCommand.class).get(0).getName();
  }

  private static List<Field> fields(
      Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
    List<Field> found = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (f.isAnnotationPresent(annotation)) {
        found.add(f);
      }
    }
    return found;
  }

  private static JpkiCommand root() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new JpkiCommand(new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
  }
}
