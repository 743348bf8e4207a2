package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.testsupport.ClassLoadingJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  /** The probe's run: it must end well, its outcome is its last line. */
  private static ClassLoadingJvm probe(Path tmp, String... args)
      throws IOException, InterruptedException {
    ClassLoadingJvm run = ClassLoadingJvm.run(tmp, ClassLoadProbe.class, args);
    assertEquals(0, run.exit(), run.output());
    return run;
  }

  @Test
  void aReaderThatIsNotThereLoadsNoSimulatorClass(@TempDir Path tmp) throws Exception {
    ClassLoadingJvm run = probe(tmp, "reader");
    assertTrue(
        run.lastLine().startsWith("failed " + NoReaderException.class.getName() + ": no reader")
            || run.lastLine().startsWith("failed " + PcscUnavailableException.class.getName()),
        "the reader path ran and failed for want of the reader: " + run.lastLine());
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
    ClassLoadingJvm run = probe(tmp, "simulator", tmp.resolve("card").toString());
    assertEquals("loaded 1", run.lastLine(), "the auth entry, without a PIN");
    List<String> loaded = run.simulatorClasses();
    assertTrue(loaded.contains("io.github.jpki4j.sim.VirtualCardOpener"), loaded.toString());
    assertTrue(loaded.stream().anyMatch(c -> c.startsWith("com.licel.")), loaded.toString());
  }
}
