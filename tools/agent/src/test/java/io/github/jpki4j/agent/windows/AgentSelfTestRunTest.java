package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.lifecycle.AgentSelfTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpki agent --self-test} as a user runs it, but on the simulated Windows layer: a temporary
 * simulated card, one line per check, the summary, and nothing left behind.
 */
@Timeout(120)
class AgentSelfTestRunTest {
  @TempDir Path tmp;

  @Test
  void printsOneLinePerCheckThenTheSummaryAndDeletesItsCard() throws Exception {
    FakeWin32 win32 = new FakeWin32();
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentSelfTest.run(
            backend -> new WindowsSelfTest(win32, backend, log::add),
            "1.2.3",
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            tmp);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, text + err + log);
    List<String> lines = text.lines().toList();
    int n = WindowsSelfTest.Check.values().length;
    for (int i = 0; i < n; i++) {
      assertTrue(
          lines.get(i).startsWith("PASS " + WindowsSelfTest.Check.values()[i].label()), text);
    }
    assertEquals("", lines.get(n));
    assertEquals("Paste these lines into your report:", lines.get(n + 1));
    assertEquals("jpki 1.2.3 agent self-test: " + n + " of " + n + " passed", lines.get(n + 2));
    assertEquals(lines.subList(0, n), lines.subList(n + 4, n + 4 + n), "the checks again");
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "the temporary card is gone");
    }
  }

  @Test
  void aFailingCheckMakesExitCodeOne() throws Exception {
    FakeWin32 win32 = new FakeWin32();
    win32.sddlOverride = "O:" + FakeWin32.ALICE + "D:P(A;;GA;;;WD)";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AgentSelfTest.run(
            backend -> new WindowsSelfTest(win32, backend, line -> {}),
            "1.2.3",
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            tmp);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit, text);
    assertTrue(text.contains("FAIL Pipe security:  the pipe grants access to WD"), text);
    assertTrue(text.contains("4 of 5 passed"), text);
  }
}
