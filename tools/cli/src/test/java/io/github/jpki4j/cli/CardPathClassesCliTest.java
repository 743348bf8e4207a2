package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Which classes a run loads. {@code jpki status} on a reader loads no simulator class, though the
 * command's class path carries jpki-applet, jcardsim and BouncyCastle: run in a child JVM that logs
 * every class it loads, on a reader that does not exist. The same command on the simulated card
 * loads them, so the log would show it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CardPathClassesCliTest {
  private static final List<String> SIMULATOR_PACKAGES =
      List.of(
          "io.github.jpki4j.sim.", "io.github.jpki4j.applet.", "com.licel.", "org.bouncycastle.");

  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+)");

  private record Run(int exit, String output, Set<String> classes) {
    List<String> simulatorClasses() {
      return classes.stream()
          .filter(c -> SIMULATOR_PACKAGES.stream().anyMatch(c::startsWith))
          .sorted()
          .toList();
    }
  }

  private static Run jpki(Path tmp, String... args) throws Exception {
    Path log = tmp.resolve("classes.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JPKI_SIMULATOR");
    pb.environment().remove("JPKI_READER");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    Set<String> classes;
    try (var lines = Files.lines(log)) {
      classes =
          lines
              .map(LOADED::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .collect(Collectors.toSet());
    }
    return new Run(p.exitValue(), out, classes);
  }

  @Test
  void statusOnAReaderThatIsNotThereLoadsNoSimulatorClass(@TempDir Path tmp) throws Exception {
    Run run = jpki(tmp, "--reader", "no such reader: class-load probe", "status");
    assertEquals(ExitCodes.NO_CARD, run.exit(), run.output());
    assertTrue(
        run.output().contains("no reader matches 'no such reader: class-load probe'")
            || run.output().contains("PC/SC"),
        run.output());
    assertTrue(run.classes().contains("io.github.jpki4j.jpki.CardLocator"), "the log names ours");
    assertEquals(List.of(), run.simulatorClasses());
  }

  /**
   * What start-up is spent on (docs/startup.md): the usage and ssh-key run from the command table,
   * and never make picocli's CommandLine; a command the table does not run does.
   */
  @Test
  void theUsageAndSshKeyRunWithoutPicocli(@TempDir Path tmp) throws Exception {
    String sim = "--simulator=" + tmp.resolve("card");
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"pdf", "sign", "-h"},
            new String[] {sim, "ssh-key"})) {
      Run run = jpki(tmp, args);
      assertEquals(ExitCodes.OK, run.exit(), run.output());
      assertTrue(run.classes().contains(QuickRun.class.getName()), run.output());
      assertTrue(!run.classes().contains("picocli.CommandLine"), List.of(args).toString());
    }
    Run cert = jpki(tmp, sim, "cert");
    assertEquals(ExitCodes.OK, cert.exit(), cert.output());
    assertTrue(cert.classes().contains("picocli.CommandLine"), "the control: picocli runs cert");
  }

  @Test
  void statusOnTheSimulatedCardLoadsThem(@TempDir Path tmp) throws Exception {
    Run run = jpki(tmp, "--simulator=" + tmp.resolve("card"), "status");
    assertEquals(ExitCodes.OK, run.exit(), run.output());
    List<String> loaded = run.simulatorClasses();
    assertTrue(loaded.contains("io.github.jpki4j.sim.VirtualCardOpener"), loaded.toString());
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("com.licel.")), loaded.toString());
  }
}
