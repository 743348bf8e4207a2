package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.agent.windows.WindowsAgent;
import io.github.jpki4j.agent.windows.WindowsSelfTest;
import io.github.jpki4j.cli.ExitCodes;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.ssh.agent.AgentBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code jpki agent --self-test}: the Windows agent's transports checked on this Windows ({@link
 * WindowsSelfTest}), under test names, over the agent's real backend on a simulated card in a
 * temporary directory, so neither the user's card nor a running agent or Pageant is touched. One
 * line per check as it completes, then the summary to paste into a bug report. The temporary card
 * is deleted afterwards.
 */
public final class AgentSelfTest {
  /** What a user is told on another OS. */
  public static final String WINDOWS_ONLY =
      "jpki: --self-test checks the agent's Windows pipes and Pageant window, and runs on Windows"
          + " only";

  private AgentSelfTest() {}

  /**
   * Runs the self-test and prints it.
   *
   * @param jpkiVersion for the summary
   * @return 0 when every check passed, 1 when one failed, 2 on another OS
   */
  public static int run(String jpkiVersion, PrintStream out, PrintStream err) throws IOException {
    if (!WindowsAgent.isWindows(System.getProperty("os.name"))) {
      err.println(WINDOWS_ONLY);
      return ExitCodes.USAGE;
    }
    return run(
        backend ->
            WindowsSelfTest.onThisWindows(backend, line -> err.println("jpki agent: " + line)),
        jpkiVersion,
        out,
        err,
        null);
  }

  /**
   * Runs the self-test with any Win32 layer (the tests use the simulated one), its temporary card
   * directory made in {@code tmpParent} (null: the system's temporary directory).
   */
  public static int run(
      Function<AgentBackend, WindowsSelfTest> selfTest,
      String jpkiVersion,
      PrintStream out,
      PrintStream err,
      Path tmpParent)
      throws IOException {
    Path dir =
        tmpParent == null
            ? Files.createTempDirectory("jpki-self-test-")
            : Files.createTempDirectory(tmpParent, "jpki-self-test-");
    try {
      List<WindowsSelfTest.Outcome> outcomes = new ArrayList<>();
      CardSettings settings =
          CardSettings.resolve(
              new CardSettings.Layer(dir.toString(), null, null), new Properties(), Map.of());
      CardConnector.AgentCard card = new CardConnector(settings, false, err).agentCard();
      try (card;
          CardWorker worker =
              new CardWorker(
                  card.source(), ReadMode.SHORT, line -> {}, CardWorker.DEFAULT_TIMEOUT)) {
        JpkiAgentBackend backend =
            new JpkiAgentBackend(worker, NO_PIN, false, line -> {}, line -> {});
        WindowsSelfTest test = selfTest.apply(backend);
        for (WindowsSelfTest.Check c : WindowsSelfTest.Check.values()) {
          WindowsSelfTest.Outcome o = test.run(c);
          outcomes.add(o);
          out.println(o.line());
          out.flush();
        }
      }
      out.println();
      out.println("Paste these lines into your report:");
      out.print(WindowsSelfTest.summary(jpkiVersion, outcomes));
      out.flush();
      return outcomes.stream().allMatch(WindowsSelfTest.Outcome::passed)
          ? ExitCodes.OK
          : ExitCodes.FAILURE;
    } finally {
      deleteTree(dir);
    }
  }

  /** The self-test asks for no PIN: it lists keys only. */
  private static final PinSource NO_PIN =
      request -> {
        throw new PinEntryException("the self-test asks for no PIN");
      };

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
