package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Only the subcommand being run is built in full; without one, stubs give the usage. */
class SubcommandsTest {
  private static final PrintStream SINK = new PrintStream(new ByteArrayOutputStream(), true);

  private static CommandLine commandLine(String... args) {
    return Subcommands.commandLine(
        new JpkiCommand(new ByteArrayInputStream(new byte[0]), SINK, SINK, Map.of()), args);
  }

  @Test
  void theTableNamesEachClassAsItsAnnotationDoes() {
    Subcommands.ALL.forEach(
        (name, type) ->
            assertEquals(name, type.getAnnotation(Command.class).name(), type.getName()));
  }

  @Test
  void theChosenSubcommandIsTheFirstArgumentThatNamesOne() {
    assertEquals("ssh-key", Subcommands.chosen(new String[] {"--simulator", "ssh-key"}));
    assertEquals(
        "ssh-key",
        Subcommands.chosen(new String[] {"-v", "--simulator=/x", "ssh-key", "--comment", "sign"}));
    assertEquals("sim", Subcommands.chosen(new String[] {"--simulator", "/tmp/a", "sim", "init"}));
    assertEquals(
        "status",
        Subcommands.chosen(new String[] {"--reader", "sign", "status"}),
        "--reader's value is not a subcommand");
    assertEquals("status", Subcommands.chosen(new String[] {"--reader=sign", "status"}));
    assertEquals(
        "status",
        Subcommands.chosen(new String[] {"--card", "sign", "status"}),
        "--card's value (a fingerprint prefix) is not a subcommand");
    assertNull(Subcommands.chosen(new String[] {"--help"}));
    assertNull(Subcommands.chosen(new String[] {}));
    assertNull(Subcommands.chosen(new String[] {"-h", "--", "sign"}));
  }

  @Test
  void aRunBuildsOnlyItsSubcommand() {
    CommandLine cl = commandLine("--simulator", "ssh-key", "--comment", "x");
    assertEquals(List.of("ssh-key"), List.copyOf(cl.getSubcommands().keySet()));
    assertTrue(
        cl.getSubcommands().get("ssh-key").getCommandSpec().optionsMap().containsKey("--simulator"),
        "the root's inherited options reach the subcommand");
    CommandLine.ParseResult parsed = cl.parseArgs("--simulator", "ssh-key", "--comment", "x");
    assertEquals("ssh-key", parsed.subcommand().commandSpec().name());
  }

  @Test
  void completionBuildsThemAll() {
    CommandLine cl = commandLine("completion", "bash");
    assertEquals(List.copyOf(Subcommands.ALL.keySet()), List.copyOf(cl.getSubcommands().keySet()));
    assertTrue(cl.getSubcommands().get("pin").getSubcommands().containsKey("verify"));
  }

  @Test
  void theUsageListsEverySubcommandWithItsDescription() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"--help"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            SINK,
            Map.of());
    assertEquals(0, code);
    String usage = out.toString(StandardCharsets.UTF_8);
    Subcommands.ALL.forEach(
        (name, type) -> {
          String first = type.getAnnotation(Command.class).description()[0];
          assertTrue(
              usage.contains(name + " ")
                  && usage.contains(first.substring(0, Math.min(30, first.length()))),
              name + " in\n" + usage);
        });
  }

  @Test
  void aTypoIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"ssh-kye"},
            new ByteArrayInputStream(new byte[0]),
            SINK,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    assertEquals(ExitCodes.USAGE, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith("jpki: Unmatched argument at index 0: 'ssh-kye'"),
        err.toString(StandardCharsets.UTF_8));
  }
}
