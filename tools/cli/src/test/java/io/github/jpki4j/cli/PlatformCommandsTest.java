package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --version, completion, and what the agent says on Windows. */
class PlatformCommandsTest {
  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
    int code =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            sink,
            Map.of());
    assertEquals(0, code);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionNamesJpkiItsCommitJavaAndTheOs() {
    List<String> lines = run("--version").lines().toList();
    assertEquals(4, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("jpki4j "), lines.get(0));
    assertEquals(SourceCommit.ofThisBuild().describe(), lines.get(1));
    assertEquals(
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ", "
            + System.getProperty("java.home")
            + ")",
        lines.get(2));
    assertTrue(lines.get(3).startsWith(System.getProperty("os.name") + " "), lines.get(3));
  }

  @Test
  void completionPrintsPicocliScriptForBothShells() {
    String bash = run("completion", "bash");
    assertTrue(bash.contains("_complete_jpki"), bash);
    for (String name : Subcommands.ALL.keySet()) {
      assertTrue(bash.contains(name), name);
    }
    assertEquals(bash, run("completion", "ZSH"));
  }

  @Test
  void theAgentServesNamedPipesOnWindowsAndAUnixSocketElsewhere() {
    for (String os : List.of("Windows 10", "Windows 11", "Windows Server 2022")) {
      assertTrue(AgentCommand.windows(os), os);
    }
    for (String os : List.of("Linux", "Mac OS X", "FreeBSD")) {
      assertFalse(AgentCommand.windows(os), os);
    }
  }
}
