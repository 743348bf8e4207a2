package io.github.jpki4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * jpki's command line as the build wrote it down from picocli's model ({@link CommandTableWriter},
 * resource {@value #RESOURCE}): every command's usage text and, for the commands simple enough to
 * be run without picocli, their options. {@link QuickRun} reads it, so that {@code jpki --help} and
 * {@code jpki ssh-key} need none of picocli's start-up; the annotations stay the one place where
 * the command line is defined. Uses no picocli class.
 */
final class CommandTable {
  static final String RESOURCE = "commands.txt";

  /** How an option takes its value. */
  enum Kind {
    /** A boolean, arity 0: present means true. */
    FLAG,
    /** A String, arity 1. */
    VALUE,
    /** A String, arity 0..1: the value if one follows, else the option's fallback value. */
    OPTIONAL_VALUE,
    /** Asks for the usage. */
    HELP,
    /** Asks for the version. */
    VERSION
  }

  /**
   * One option.
   *
   * @param field the field it sets in its command's object (none for help and version)
   * @param inherited whether subcommands take it too (it still sets the root's field)
   */
  record Option(List<String> names, Kind kind, String field, String fallback, boolean inherited) {}

  /**
   * One command.
   *
   * @param path the command's qualified name, {@code jpki}, {@code jpki ssh-key}, {@code jpki pdf
   *     sign}
   * @param type its class, when it can be run without picocli (else null)
   * @param parentField the field of {@code type} that holds the root command
   * @param options its own options (not those it inherits), for a command run without picocli
   * @param usage what {@code --help} prints, with {@code \n} line ends
   */
  record Command(String path, String type, String parentField, List<Option> options, String usage) {
    boolean quick() {
      return type != null;
    }
  }

  static final String ROOT = "jpki";

  private final Map<String, Command> commands;
  private final String text; // when not null: the commands not yet read from it

  CommandTable(Map<String, Command> commands) {
    this.commands = commands;
    this.text = null;
  }

  // A table read one command at a time, as asked: a run needs two or three of the thirty.
  private CommandTable(String text) {
    this.commands = new HashMap<>();
    this.text = text;
  }

  /** The command with this qualified name, or null. */
  Command command(String path) {
    if (text == null || commands.containsKey(path)) {
      return commands.get(path);
    }
    Command c = null;
    int at = text.indexOf("\ncommand\t" + path + "\n");
    if (at >= 0) {
      int end = text.indexOf("\nend\n", at);
      c = command(text.substring(at + 1, end < 0 ? text.length() : end + 1).split("\n"));
    }
    commands.put(path, c);
    return c;
  }

  /** Every command, in the order of the table. */
  List<Command> commands() {
    return List.copyOf((text == null ? this : parse(text)).commands.values());
  }

  /** The table the build put beside this class, or null when there is none (a bare compile). */
  static CommandTable load() {
    try {
      byte[] text = fromCodeSource();
      if (text == null) {
        try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
          text = in == null ? null : in.readAllBytes();
        }
      }
      return text == null ? null : new CommandTable(new String(text, UTF_8));
    } catch (IOException | RuntimeException e) {
      return null; // picocli can still do everything
    }
  }

  // The table read from the jar (or directory) this class came from. Class.getResourceAsStream
  // would ask the boot loader first, whose first use opens the runtime's image: on Java 25 that
  // goes through reflection set up cold, some 10-20 ms of a run that takes 50.
  private static byte[] fromCodeSource() throws IOException {
    CodeSource source = CommandTable.class.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !location.getProtocol().equals("file")) {
      return null;
    }
    Path where;
    try {
      where = Path.of(location.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    String name = CommandTable.class.getPackageName().replace('.', '/') + "/" + RESOURCE;
    if (Files.isDirectory(where)) {
      Path file = where.resolve(name);
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }
    try (ZipFile jar = new ZipFile(where.toFile())) { // shares the class loader's open jar
      ZipEntry entry = jar.getEntry(name);
      if (entry == null) {
        return null;
      }
      try (InputStream in = jar.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }
  }

  /** The text {@link CommandTableWriter} writes, back into a table, all of it at once. */
  static CommandTable parse(String text) {
    Map<String, Command> commands = new LinkedHashMap<>();
    List<String> block = null; // the lines of the command being read
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("command\t")) {
        block = new ArrayList<>();
      }
      if (block == null) { // between commands: comments and blank lines only
        if (!line.isEmpty() && !line.startsWith("#")) {
          throw new IllegalArgumentException("not a command table line: " + line);
        }
        continue;
      }
      block.add(line);
      if (line.equals("end")) {
        Command c = command(block.toArray(new String[0]));
        commands.put(c.path(), c);
        block = null;
      }
    }
    return new CommandTable(commands);
  }

  // One command's lines, from "command" to "end".
  private static Command command(String[] lines) {
    String path = null;
    String type = null;
    String parent = null;
    List<Option> options = new ArrayList<>();
    StringBuilder usage = new StringBuilder();
    for (String line : lines) {
      if (line.startsWith("|")) {
        usage.append(line, 1, line.length()).append('\n');
        continue;
      }
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "command" -> path = f[1];
        case "class" -> {
          type = f[1];
          parent = f[2];
        }
        case "option" ->
            options.add(
                new Option(
                    List.of(f[1].split(",")), kind(f[2]), f[3], f[4], f[5].equals("inherited")));
        case "end" -> {
          // the block's last line
        }
        default -> throw new IllegalArgumentException("not a command table line: " + line);
      }
    }
    return new Command(path, type, parent, options, usage.toString());
  }

  // Kind.valueOf, without the reflection it takes on its first call
  private static Kind kind(String name) {
    for (Kind k : Kind.values()) {
      if (k.name().equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not an option kind: " + name);
  }

  /** This table as text: what {@link #parse} reads. */
  String format() {
    StringBuilder b = new StringBuilder();
    b.append("# jpki's commands, written by the build from picocli's model (CommandTableWriter)\n");
    for (Command c : commands.values()) {
      b.append("command\t").append(c.path()).append('\n');
      if (c.quick()) {
        b.append("class\t").append(c.type()).append('\t').append(c.parentField()).append('\n');
      }
      for (Option o : c.options()) {
        b.append("option\t")
            .append(String.join(",", o.names()))
            .append('\t')
            .append(o.kind())
            .append('\t')
            .append(o.field())
            .append('\t')
            .append(o.fallback())
            .append('\t')
            .append(o.inherited() ? "inherited" : "local")
            .append('\n');
      }
      String usage = c.usage();
      if (!usage.endsWith("\n")) {
        throw new IllegalArgumentException("a usage text ends its last line: " + c.path());
      }
      for (String line : usage.substring(0, usage.length() - 1).split("\n", -1)) {
        b.append('|').append(line).append('\n');
      }
      b.append("end\n");
    }
    return b.toString();
  }
}
