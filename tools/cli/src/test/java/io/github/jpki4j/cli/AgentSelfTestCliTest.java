package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.lifecycle.AgentSelfTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code jpki agent --self-test}: outside Windows one sentence, usage exit code, nothing run; on
 * Windows the checks run and the summary is printed.
 */
class AgentSelfTestCliTest {
  @Test
  void saysItIsForWindowsAndExitsTwoElsewhere() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {"agent", "--self-test"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    if (OS.WINDOWS.isCurrentOs()) {
      assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("PASS"), out::toString);
      return;
    }
    assertEquals(2, exit);
    assertEquals(AgentSelfTest.WINDOWS_ONLY + "\n", err.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }
}
