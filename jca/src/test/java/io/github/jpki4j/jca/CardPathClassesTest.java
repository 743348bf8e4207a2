package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card path through a real reader loads no simulator class, even with jpki-applet, jcardsim and
 * BouncyCastle on the class path (as in the jpki command's): a child JVM with this test class path
 * logs every class it loads ({@code -Xlog:class+load}) while the provider looks for a reader that
 * does not exist. The same probe on the simulated card does load them, so the log would show it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CardPathClassesTest {
  /** Packages of the simulated card and what it needs. */
  private static final List<String> SIMULATOR_PACKAGES =
      List.of(
          "io.github.jpki4j.sim.", "io.github.jpki4j.applet.", "com.licel.", "org.bouncycastle.");

  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+)");

  /** What the probe printed last, and the classes its JVM loaded. */
  private record Run(String outcome, Set<String> classes) {
    List<String> simulatorClasses() {
      return classes.stream()
          .filter(c -> SIMULATOR_PACKAGES.stream().anyMatch(c::startsWith))
          .sorted()
          .toList();
    }
  }

  private static Run probe(Path tmp, String... args) throws IOException, InterruptedException {
    Path log = tmp.resolve("classes.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ClassLoadProbe.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JPKI_SIMULATOR");
    pb.environment().remove("JPKI_READER");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    String[] lines = out.strip().split("\n");
    Set<String> classes;
    try (var stream = Files.lines(log)) {
      classes =
          stream
              .map(LOADED::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .collect(Collectors.toSet());
    }
    return new Run(lines[lines.length - 1], classes);
  }

  @Test
  void aReaderThatIsNotThereLoadsNoSimulatorClass(@TempDir Path tmp) throws Exception {
    Run run = probe(tmp, "reader");
    assertTrue(
        run.outcome().startsWith("failed " + NoReaderException.class.getName() + ": no reader")
            || run.outcome().startsWith("failed " + PcscUnavailableException.class.getName()),
        "the reader path ran and failed for want of the reader: " + run.outcome());
    assertTrue(
        run.classes().contains("io.github.jpki4j.jpki.CardLocator"), "the log names our classes");
    assertEquals(List.of(), run.simulatorClasses());
    assertTrue(
        run.classes().stream()
            .noneMatch(c -> c.equals("io.github.jpki4j.apdu.SimulatedCardOpener")),
        "the simulator service is not even looked for");
  }

  @Test
  void theSimulatedCardLoadsThemThroughTheService(@TempDir Path tmp) throws Exception {
    Run run = probe(tmp, "simulator", tmp.resolve("card").toString());
    assertEquals("loaded 1", run.outcome(), "the auth entry, without a PIN");
    List<String> loaded = run.simulatorClasses();
    assertTrue(loaded.contains("io.github.jpki4j.sim.VirtualCardOpener"), loaded.toString());
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("com.licel.")), loaded.toString());
  }
}
