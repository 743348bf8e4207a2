package io.github.jpki4j.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentShellTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cShellFromShellOrFlag() {
    AgentShell.of(out, false, false, Map.of("SHELL", "/bin/tcsh")).started(Path.of("/t/a"), 42);
    AgentShell.of(out, false, false, Map.of("SHELL", "/bin/tcsh")).killed(42);
    assertEquals(
        "setenv SSH_AUTH_SOCK /t/a;\nsetenv SSH_AGENT_PID 42;\necho Agent pid 42;\n"
            + "unsetenv SSH_AUTH_SOCK;\nunsetenv SSH_AGENT_PID;\necho Agent pid 42 killed;\n",
        printed());
  }

  @Test
  void bourneShellWinsWithS() {
    AgentShell.of(out, false, true, Map.of("SHELL", "/bin/csh")).started(Path.of("/t/a b"), 7);
    assertEquals(
        "SSH_AUTH_SOCK='/t/a b'; export SSH_AUTH_SOCK;\n"
            + "SSH_AGENT_PID=7; export SSH_AGENT_PID;\necho Agent pid 7;\n",
        printed());
  }

  @Test
  void onlyWhatAShellWouldSplitIsQuoted() {
    assertEquals("/tmp/jpki-x/agent.1", AgentShell.word("/tmp/jpki-x/agent.1"));
    assertEquals("'/tmp/it'\\''s'", AgentShell.word("/tmp/it's"));
  }
}
