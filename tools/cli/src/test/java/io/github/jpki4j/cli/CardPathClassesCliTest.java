package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.ClassLoadingJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  private static ClassLoadingJvm jpki(Path tmp, String... args) throws Exception {
    return ClassLoadingJvm.run(tmp, Main.class, args);
  }

  @Test
  void statusOnAReaderThatIsNotThereLoadsNoSimulatorClass(@TempDir Path tmp) throws Exception {
    ClassLoadingJvm run = jpki(tmp, "--reader", "no such reader: class-load probe", "status");
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
      ClassLoadingJvm run = jpki(tmp, args);
      assertEquals(ExitCodes.OK, run.exit(), run.output());
      assertTrue(run.classes().contains(QuickRun.class.getName()), run.output());
      assertTrue(!run.classes().contains("picocli.CommandLine"), List.of(args).toString());
    }
    ClassLoadingJvm cert = jpki(tmp, sim, "cert");
    assertEquals(ExitCodes.OK, cert.exit(), cert.output());
    assertTrue(cert.classes().contains("picocli.CommandLine"), "the control: picocli runs cert");
  }

  @Test
  void statusOnTheSimulatedCardLoadsThem(@TempDir Path tmp) throws Exception {
    ClassLoadingJvm run = jpki(tmp, "--simulator=" + tmp.resolve("card"), "status");
    assertEquals(ExitCodes.OK, run.exit(), run.output());
    List<String> loaded = run.simulatorClasses();
    assertTrue(loaded.contains("io.github.jpki4j.sim.VirtualCardOpener"), loaded.toString());
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("com.licel.")), loaded.toString());
  }
}
