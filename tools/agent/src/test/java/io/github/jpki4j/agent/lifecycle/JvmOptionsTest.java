package io.github.jpki4j.agent.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jvm-options.properties is the one source of jpki's JVM options: the agent's re-exec and the
 * {@code ./jpki} launcher both take theirs from it.
 */
class JvmOptionsTest {
  private static final Path FILE =
      Path.of("src/main/resources/io/github/jpki4j/agent/lifecycle", JvmOptions.RESOURCE);
  private static final Path LAUNCHER = Path.of("..", "..", "jpki");
  private static final String MAIN = "io.github.jpki4j.cli.Main";

  @TempDir Path dir;

  // The file as the launcher reads it: the words after "role=".
  private static List<String> fromFile(String role) throws IOException {
    List<String> lines =
        Files.readAllLines(FILE).stream().filter(l -> l.startsWith(role + "=")).toList();
    assertEquals(1, lines.size(), () -> "one " + role + "= line in " + FILE);
    return List.of(lines.get(0).substring(role.length() + 1).split(" "));
  }

  @Test
  void theFileHasBothRolesAndTheClassPathCopyIsTheSame() throws IOException {
    assertTrue(fromFile("cli").contains("-XX:+UseSerialGC"));
    assertTrue(fromFile("agent").stream().anyMatch(o -> o.startsWith("-Xmx")));
    assertEquals(fromFile("cli"), JvmOptions.of("cli"));
    assertEquals(fromFile("agent"), JvmOptions.of("agent"));
  }

  @Test
  void theAgentRelaunchCarriesExactlyTheAgentOptionsOfTheFile() throws IOException {
    String[] starter = {
      "-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=x.jsa", "-cp", "a.jar", MAIN, "agent"
    };
    List<String> expected = new ArrayList<>(List.of("java"));
    expected.addAll(fromFile("agent"));
    expected.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", "a.jar", MAIN));
    assertEquals(expected, AgentDetacher.relaunchCommand("java", starter));
  }

  @Test
  void theLauncherWritesNoJvmOptionOfItsOwn() throws IOException {
    String launcher = Files.readString(LAUNCHER);
    Pattern option =
        Pattern.compile(
            "-X(ms|mx|ss)\\d|-XX:[+-]?(TieredStopAtLevel|UseSerialGC" + "|ReservedCodeCacheSize)");
    assertFalse(option.matcher(launcher).find(), "a JVM option hard-coded in ./jpki");
    assertTrue(
        launcher.contains(
            "tools/agent/src/main/resources/io/github/jpki4j/agent/lifecycle/"
                + JvmOptions.RESOURCE),
        "./jpki reads the file");
  }

  @Test
  void theLauncherPassesTheFilesOptions() throws Exception {
    List<String> cli = fromFile("cli");
    List<String> agent = new ArrayList<>(fromFile("agent"));
    agent.addAll(cli);
    assertEquals(cli, jvmOptionsOfLauncher("status"));
    assertEquals(agent, jvmOptionsOfLauncher("agent", "-D"));
  }

  // Runs a copy of ./jpki in a tree of its own, with stand-ins for mvn and java; returns the
  // arguments it gave java before -cp.
  private List<String> jvmOptionsOfLauncher(String... args) throws Exception {
    Path run = Files.createTempDirectory(dir, "run");
    Path root = run.resolve("checkout");
    Path options = root.resolve("tools").resolve("agent").resolve(FILE);
    Files.createDirectories(options.getParent());
    Files.copy(FILE, options);
    Files.copy(LAUNCHER, root.resolve("jpki"));
    Path bin = Files.createDirectories(run.resolve("bin"));
    Path seen = run.resolve("java-args");
    script(bin.resolve("mvn"), "exit 0\n");
    script(bin.resolve("java"), "printf '%s\\n' \"$@\" > '" + seen + "'\n");
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("jpki").toString()));
    command.addAll(Arrays.asList(args));
    // JPKI_JAVA_OPTS is one of the host's variables TestProcess clears
    TestProcess.Result r =
        TestProcess.of(command)
            .env("PATH", bin + ":" + System.getenv("PATH"))
            .env("JPKI_CDS", "0")
            .timeout(Duration.ofSeconds(60))
            .run();
    r.assertOk("./jpki");
    List<String> seenArgs = Files.readAllLines(seen);
    return seenArgs.subList(0, seenArgs.indexOf("-cp"));
  }

  private static void script(Path file, String body) throws IOException {
    TestProcess.executable(file, "#!/bin/sh\n" + body);
  }
}
