package io.github.jpki4j.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Runs the common command lines from the {@link CommandTable}, without picocli, whose start-up
 * (building its model from the annotations, cold) costs more than the JVM's own: {@code jpki},
 * {@code jpki [COMMAND...] --help}, {@code jpki --version}, and a subcommand the table marks as
 * quick with options written plainly ({@code --name value}, {@code --name=value}, flags). It does
 * what picocli would; whatever it is not sure of (an unknown or repeated option, a value that looks
 * like an option, a help option among others) it leaves to picocli by returning null, before
 * anything has run. {@code CommandTableTest} holds it to picocli's results.
 */
final class QuickRun {
  /**
   * Set by the launcher on the run that writes the class-data archive: after the command, build
   * picocli's whole model too, so that the archive holds picocli and every command.
   */
  static final String TRAIN_PROPERTY = "jpki.cds.training";

  private QuickRun() {}

  /** Runs {@code args} and returns the exit code, or null when picocli must. */
  static Integer run(String[] args, JpkiCommand root) throws Exception {
    CommandTable table = CommandTable.load();
    CommandTable.Command top = table == null ? null : table.command(CommandTable.ROOT);
    if (top == null) {
      return null;
    }
    if (args.length == 0) { // as JpkiCommand.call: the usage, on stderr
      root.err.print(text(top.usage()));
      root.err.flush();
      return ExitCodes.USAGE;
    }
    String last = args[args.length - 1];
    CommandTable.Command named = table.command(path(args, args.length - 1));
    if (named != null && names(named, CommandTable.Kind.HELP).contains(last)) {
      return print(root, text(named.usage()));
    }
    if (args.length == 1 && names(top, CommandTable.Kind.VERSION).contains(last)) {
      String[] lines = new Version().getVersion();
      for (String line : lines) {
        if (line.contains("%") || line.contains("@|")) {
          return null; // picocli formats the version lines: let it
        }
      }
      return print(root, String.join(System.lineSeparator(), lines) + System.lineSeparator());
    }
    Parsed parsed = parse(table, top, args);
    return parsed == null ? null : parsed.run(root);
  }

  /** The command line, parsed; null when picocli must parse it. */
  static Parsed parse(CommandTable table, CommandTable.Command top, String[] args) {
    if (!top.quick()) {
      return null;
    }
    CommandTable.Command current = top;
    Set<CommandTable.Option> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    // identity maps: a record's hashCode is bootstrapped through method handles, costly when cold
    Map<CommandTable.Option, String> rootValues = new IdentityHashMap<>();
    Map<CommandTable.Option, String> values = new IdentityHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      CommandTable.Command sub = current == top ? subcommand(table, a) : null;
      if (sub != null) {
        current = sub;
        if (!current.quick()) {
          return null;
        }
        continue;
      }
      int eq = a.startsWith("--") ? a.indexOf('=') : -1;
      String name = eq < 0 ? a : a.substring(0, eq);
      String attached = eq < 0 ? null : a.substring(eq + 1);
      if (attached != null && plainValue(table, attached) == null) {
        return null; // picocli reads "--simulator=--" as the end of the options
      }
      CommandTable.Option option = find(current.options(), name, false);
      boolean ofRoot = option == null && current != top;
      if (ofRoot) {
        option = find(top.options(), name, true);
      }
      if (option == null || !seen.add(option)) {
        return null; // unknown, a parameter, or repeated: picocli says what is wrong
      }
      String next = i + 1 < args.length ? args[i + 1] : null;
      String value;
      switch (option.kind()) {
        case FLAG -> {
          if (attached != null) {
            return null;
          }
          value = "true";
        }
        case VALUE -> {
          if (attached != null) {
            value = attached;
          } else if (next == null || plainValue(table, next) == null) {
            return null;
          } else {
            value = next;
            i++;
          }
        }
        case OPTIONAL_VALUE -> {
          if (attached != null) {
            value = attached;
          } else if (next == null || (current == top && subcommand(table, next) != null)) {
            value = option.fallback();
          } else if (plainValue(table, next) == null) {
            return null;
          } else {
            value = next;
            i++;
          }
        }
        default -> {
          return null; // help or version among other arguments
        }
      }
      (ofRoot || current == top ? rootValues : values).put(option, value);
    }
    return current == top ? null : new Parsed(current, rootValues, values);
  }

  /** A parsed command line: the subcommand, and the options given to the root and to it. */
  record Parsed(
      CommandTable.Command command,
      Map<CommandTable.Option, String> rootValues,
      Map<CommandTable.Option, String> values) {

    /** Makes the subcommand as picocli would, sets the options, and calls it. */
    Integer run(JpkiCommand root) throws Exception {
      Callable<?> command;
      try {
        Class<?> type = Class.forName(command().type(), true, QuickRun.class.getClassLoader());
        Constructor<?> make = type.getDeclaredConstructor();
        make.setAccessible(true);
        command = (Callable<?>) make.newInstance();
        set(command, command().parentField(), root);
        for (Map.Entry<CommandTable.Option, String> e : rootValues.entrySet()) {
          set(root, e.getKey(), e.getValue());
        }
        for (Map.Entry<CommandTable.Option, String> e : values.entrySet()) {
          set(command, e.getKey(), e.getValue());
        }
      } catch (ReflectiveOperationException | ClassCastException e) {
        return null; // a table from another build: picocli
      }
      Object code = command.call();
      root.out.flush();
      return code == null ? ExitCodes.OK : (Integer) code;
    }

    /** The values set, by field name ({@code root.} before the root's). */
    Map<String, String> fields() {
      Map<String, String> m = new TreeMap<>();
      rootValues.forEach((o, v) -> m.put("root." + o.field(), v));
      values.forEach((o, v) -> m.put(o.field(), v));
      return m;
    }
  }

  /** After a run that writes the class-data archive: picocli's whole model, printed nowhere. */
  static void train() {
    try {
      CommandTableWriter.table();
    } catch (RuntimeException | LinkageError e) {
      // only the archive is poorer for it
    }
  }

  private static void set(Object target, CommandTable.Option option, String value)
      throws ReflectiveOperationException {
    Field f = field(target.getClass(), option.field());
    if (option.kind() == CommandTable.Kind.FLAG) {
      f.setBoolean(target, true);
    } else {
      f.set(target, value);
    }
  }

  private static void set(Object target, String name, Object value)
      throws ReflectiveOperationException {
    field(target.getClass(), name).set(target, value);
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  // A value picocli takes as it is: not one that looks like an option or names a subcommand.
  private static String plainValue(CommandTable table, String value) {
    return value.startsWith("-") || subcommand(table, value) != null ? null : value;
  }

  private static CommandTable.Command subcommand(CommandTable table, String name) {
    return name.isEmpty() || name.contains(" ")
        ? null
        : table.command(CommandTable.ROOT + " " + name);
  }

  private static CommandTable.Option find(
      List<CommandTable.Option> options, String name, boolean inheritedOnly) {
    for (CommandTable.Option o : options) {
      if ((!inheritedOnly || o.inherited()) && o.names().contains(name)) {
        return o;
      }
    }
    return null;
  }

  // The names of the options of this kind that `command` takes (the table lists help and version
  // options with every command).
  private static List<String> names(CommandTable.Command command, CommandTable.Kind kind) {
    List<String> names = new ArrayList<>();
    for (CommandTable.Option o : command.options()) {
      if (o.kind() == kind) {
        names.addAll(o.names());
      }
    }
    return names;
  }

  private static String path(String[] args, int n) {
    StringBuilder b = new StringBuilder(CommandTable.ROOT);
    for (int i = 0; i < n; i++) {
      b.append(' ').append(args[i]);
    }
    return b.toString();
  }

  private static String text(String usage) {
    return usage.replace("\n", System.lineSeparator());
  }

  private static int print(JpkiCommand root, String text) {
    PrintWriter out = new PrintWriter(root.out, true, Charset.defaultCharset());
    out.print(text);
    out.flush();
    return ExitCodes.OK;
  }
}
