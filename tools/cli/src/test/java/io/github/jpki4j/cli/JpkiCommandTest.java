package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.jpki4j.jca.SimulatorHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which simulated card the global options and JPKI_SIMULATOR name: one lookup for every command.
 */
class JpkiCommandTest {
  private static JpkiCommand parse(Map<String, String> env, String... args) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
    JpkiCommand root = new JpkiCommand(new ByteArrayInputStream(new byte[0]), sink, sink, env);
    new CommandLine(root).parseArgs(args);
    return root;
  }

  @Test
  void theEnvironmentNamesTheSimulatedCardUnlessAReaderIsGiven() {
    Map<String, String> env = Map.of("JPKI_SIMULATOR", "/env");
    assertEquals(Path.of("/env"), parse(env).simulatorDir());
    assertEquals(Path.of("/env"), parse(env, "--simulator").simulatorDir());
    assertEquals(Path.of("/opt"), parse(env, "--simulator=/opt").simulatorDir());
    assertNull(parse(env, "--reader=0").simulatorDir());
    assertEquals(Path.of("/env"), parse(env, "--reader=0").simulatorHome(), "jpki sim's card");
  }

  @Test
  void withoutTheEnvironmentTheDataDirectory() {
    // the data directory of the environment the command is given (here none)
    Path data = SimulatorHome.defaultDir(System.getProperties(), Map.of());
    assertNull(parse(Map.of()).simulatorDir());
    assertEquals(data, parse(Map.of(), "--simulator").simulatorDir());
    assertEquals(data, parse(Map.of()).simulatorHome());
    assertEquals(data, parse(Map.of("JPKI_SIMULATOR", " ")).simulatorHome());
  }
}
