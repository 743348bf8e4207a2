package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.agent.lifecycle.AgentSelfTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@code jpki agent --self-test} outside Windows: one sentence, usage exit code, nothing run. */
class AgentSelfTestCliTest {
  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the self-test runs")
  void saysItIsForWindowsAndExitsTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {"agent", "--self-test"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    assertEquals(2, exit);
    assertEquals(AgentSelfTest.WINDOWS_ONLY + "\n", err.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }
}
