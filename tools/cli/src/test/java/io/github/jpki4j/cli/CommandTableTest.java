package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build's command table says what picocli's model says, and {@link QuickRun} does what picocli
 * does with every command line it takes: the same usage texts, byte for byte, and the same fields
 * set, checked on thousands of generated command lines.
 */
class CommandTableTest {
  private static final PrintStream SINK =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static CommandTable table() {
    CommandTable t = CommandTable.load();
    assertNotNull(t, "the build writes " + CommandTable.RESOURCE + " at process-classes");
    return t;
  }

  private static JpkiCommand root() {
    return new JpkiCommand(new ByteArrayInputStream(new byte[0]), SINK, SINK, Map.of());
  }

  @Test
  void theBuiltTableIsWhatPicocliSaysNow() throws IOException {
    String built;
    try (InputStream in = CommandTable.class.getResourceAsStream(CommandTable.RESOURCE)) {
      built = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(CommandTableWriter.table().format(), built);
    assertEquals(built, CommandTable.parse(built).format(), "format and parse are inverses");
  }

  @Test
  void theCommonCommandsAreQuickAndTheRestAreNot() {
    CommandTable t = table();
    for (String quick : List.of("jpki", "jpki ssh-key", "jpki status", "jpki readers")) {
      assertTrue(t.command(quick).quick(), quick);
    }
    for (String slow : List.of("jpki sign", "jpki cert", "jpki cms sign", "jpki pdf", "jpki sim")) {
      assertTrue(!t.command(slow).quick(), slow + " has parameters, mixins or subcommands");
    }
  }

  @Test
  void theLinesPeopleTypeAreQuick() {
    CommandTable t = table();
    for (String[] a :
        List.of(
            new String[] {"--simulator", "ssh-key"},
            new String[] {"ssh-key", "--simulator"},
            new String[] {"--simulator", "/some/dir", "ssh-key", "--comment", "laptop"},
            new String[] {"-v", "--reader", "0", "status"},
            new String[] {"--card=SHA256:abc", "ssh-key", "--expiry-option"},
            new String[] {"readers"})) {
      assertNotNull(QuickRun.parse(t, t.command(CommandTable.ROOT), a), List.of(a).toString());
    }
    QuickRun.Parsed p =
        QuickRun.parse(t, t.command(CommandTable.ROOT), new String[] {"--simulator", "ssh-key"});
    assertEquals(Map.of("root.simulator", ""), p.fields(), "the fallback value, not ssh-key");
    assertEquals("jpki ssh-key", p.command().path());
  }

  @Test
  void everyUsageIsPicocliSByteForByte() throws Exception {
    CommandTable t = table();
    assertTrue(t.commands().size() > 20, "every command and subcommand");
    for (CommandTable.Command c : t.commands()) {
      List<String> path = new ArrayList<>(List.of(c.path().split(" ")));
      path.remove(0);
      for (String help : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(help);
        String[] a = args.toArray(String[]::new);
        assertNotNull(QuickRun.run(a, root()), "quick: " + args);
        assertEquals(
            Run.of(false, "", a).toString(), Run.of(true, "", a).toString(), args.toString());
      }
    }
    for (String[] a : List.of(new String[0], new String[] {"--version"}, new String[] {"-V"})) {
      assertNotNull(QuickRun.run(a, root()), List.of(a).toString());
      assertEquals(Run.of(false, "", a).toString(), Run.of(true, "", a).toString());
    }
  }

  @Test
  void aQuickRunPrintsWhatPicocliSRunPrints(@TempDir Path tmp) {
    String sim = "--simulator=" + tmp.resolve("card");
    for (String[] a :
        List.of(
            new String[] {sim, "ssh-key"},
            new String[] {sim, "ssh-key", "--comment", "laptop", "--expiry-option"},
            new String[] {"ssh-key", sim, "--comment=a b"},
            new String[] {sim, "status"},
            new String[] {"--reader", "no such reader", "ssh-key"})) {
      assertNotNull(QuickRun.parse(table(), table().command("jpki"), a), List.of(a).toString());
      Run picocli = Run.of(false, "", a);
      assertEquals(picocli.toString(), Run.of(true, "", a).toString(), List.of(a).toString());
      assertTrue(
          picocli.out().contains("ssh-rsa") || a[1].equals("status") || picocli.exit() == 3,
          picocli.toString());
    }
  }

  /** What QuickRun leaves alone, picocli runs: its messages, its exit codes, its commands. */
  @Test
  void whatQuickRunDeclinesPicocliRuns(@TempDir Path tmp) {
    String sim = "--simulator=" + tmp.resolve("card");
    for (String[] a :
        List.of(
            new String[] {sim, "cert"},
            new String[] {"ssh-key", "--nope"},
            new String[] {"ssh-key", "--comment"},
            new String[] {"ssh-key", "--comment", "a", "--comment", "b"},
            new String[] {"--simulator=--", "ssh-key"},
            new String[] {"sing"},
            new String[] {"--help", "ssh-key"})) {
      assertNull(QuickRun.parse(table(), table().command("jpki"), a), List.of(a).toString());
      Run picocli = Run.of(false, "", a);
      assertEquals(picocli.toString(), Run.of(true, "", a).toString(), List.of(a).toString());
      assertTrue(!picocli.out().isEmpty() || !picocli.err().isEmpty(), picocli.toString());
    }
    assertTrue(Run.of(true, "", sim, "cert").out().contains("BEGIN CERTIFICATE"));
    assertEquals(ExitCodes.USAGE, Run.of(true, "", "ssh-key", "--nope").exit());
  }

  /**
   * Command lines made of the table's subcommands and option names, given values that look like
   * names, and mistakes: mostly lines a person would type, some random words.
   */
  @Test
  void whateverQuickRunParsesPicocliParsesTheSameWay() throws Exception {
    CommandTable t = table();
    CommandTable.Command top = t.command(CommandTable.ROOT);
    List<CommandTable.Command> subcommands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (CommandTable.Command c : t.commands()) {
      if (c.path().split(" ").length == 2) {
        if (c.quick()) {
          subcommands.add(c);
        }
        words.add(c.path().split(" ")[1]);
      }
      for (CommandTable.Option o : c.options()) {
        words.addAll(o.names());
      }
    }
    List<String> values =
        List.of(
            "value",
            "a b",
            "",
            "-",
            "--",
            "-vv",
            "-hv",
            "--nope",
            "/tmp/dir",
            "ssh-key",
            "sign",
            "SHA256:abc",
            "0",
            "true",
            "--comment",
            "=x",
            "x=y");
    words.addAll(values);
    Random random = new Random(20261206);
    int quick = 0;
    int lines = 4000;
    for (int n = 0; n < lines; n++) {
      List<String> args = new ArrayList<>();
      if (random.nextInt(4) == 0) {
        for (int i = random.nextInt(7); i > 0; i--) {
          args.add(words.get(random.nextInt(words.size())));
        }
      } else {
        options(top, random, values, args);
        CommandTable.Command sub = subcommands.get(random.nextInt(subcommands.size()));
        args.add(sub.path().split(" ")[1]);
        options(sub, random, values, args);
        if (random.nextBoolean()) {
          options(top, random, values, args);
        }
      }
      quick += agree(t, top, args.toArray(String[]::new)) ? 1 : 0;
    }
    assertTrue(quick > lines / 4, "QuickRun took " + quick + " of " + lines);
  }

  // Up to three of c's options, each in one of the ways picocli takes it, or mistaken.
  private static void options(
      CommandTable.Command c, Random random, List<String> values, List<String> args) {
    if (c.options().isEmpty()) {
      return;
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      CommandTable.Option o = c.options().get(random.nextInt(c.options().size()));
      if ((o.kind() == CommandTable.Kind.HELP || o.kind() == CommandTable.Kind.VERSION)
          && random.nextInt(10) > 0) {
        continue; // sometimes: QuickRun leaves them to picocli
      }
      String name = o.names().get(random.nextInt(o.names().size()));
      String value = random.nextInt(5) == 0 ? values.get(random.nextInt(values.size())) : "v" + i;
      switch (o.kind() == CommandTable.Kind.FLAG && random.nextInt(5) > 0 ? 0 : random.nextInt(3)) {
        case 0 -> args.add(name);
        case 1 -> {
          args.add(name);
          args.add(value);
        }
        default -> args.add(name + "=" + value);
      }
    }
  }

  // True when QuickRun took the command line; then picocli must parse it to the same fields.
  private static boolean agree(CommandTable t, CommandTable.Command top, String[] args)
      throws Exception {
    QuickRun.Parsed quick = QuickRun.parse(t, top, args);
    if (quick == null) {
      return false;
    }
    JpkiCommand root = root();
    CommandLine.ParseResult parsed;
    try {
      parsed = Main.picocli(root, args).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("QuickRun took " + List.of(args) + ", picocli: " + e.getMessage());
    }
    assertNotNull(parsed.subcommand(), List.of(args).toString());
    CommandLine.Model.CommandSpec sub = parsed.subcommand().commandSpec();
    assertEquals(quick.command().path(), sub.qualifiedName(), List.of(args).toString());
    assertNull(parsed.subcommand().subcommand());
    Map<String, String> set = new TreeMap<>();
    fields(top, root, "root.", set);
    fields(quick.command(), sub.userObject(), "", set);
    assertEquals(set, quick.fields(), List.of(args).toString());
    return true;
  }

  // The fields of the table's options that picocli set (none has a default: null and false).
  private static void fields(
      CommandTable.Command c, Object target, String prefix, Map<String, String> to)
      throws ReflectiveOperationException {
    for (CommandTable.Option o : c.options()) {
      if (o.field().isEmpty()) {
        continue;
      }
      Field f = target.getClass().getDeclaredField(o.field());
      f.setAccessible(true);
      Object v = f.get(target);
      if (v != null && !Boolean.FALSE.equals(v)) {
        to.put(prefix + o.field(), String.valueOf(v));
      }
    }
  }
}
