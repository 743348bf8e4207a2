package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jvm-options.properties is the one source of jpki's JVM options: the agent's re-exec and the
 * {@code ./jpki} launcher both take theirs from it.
 */
class JvmOptionsTest {
  private static final Path FILE =
      Path.of("src/main/resources/io/github/jpki4j/cli", JvmOptions.RESOURCE);
  private static final Path LAUNCHER = Path.of("..", "jpki");
  private static final String MAIN = Main.class.getName();

  @TempDir Path dir;

  // The file as the launcher reads it: the words after "role=".
  private static List<String> fromFile(String role) throws IOException {
    List<String> lines = Files.readAllLines(FILE).stream()
        .filter(l -> l.startsWith(role + "=")).toList();
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
    String[] starter = {"-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=x.jsa", "-cp",
      "a.jar", MAIN, "agent"};
    List<String> expected = new ArrayList<>(List.of("java"));
    expected.addAll(fromFile("agent"));
    expected.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", "a.jar", MAIN));
    assertEquals(expected, AgentDetacher.relaunchCommand("java", starter));
  }

  @Test
  void theLauncherWritesNoJvmOptionOfItsOwn() throws IOException {
    String launcher = Files.readString(LAUNCHER);
    Pattern option = Pattern.compile("-X(ms|mx|ss)\\d|-XX:[+-]?(TieredStopAtLevel|UseSerialGC"
        + "|ReservedCodeCacheSize)");
    assertFalse(option.matcher(launcher).find(), "a JVM option hard-coded in ./jpki");
    assertTrue(launcher.contains("tools/src/main/resources/io/github/jpki4j/cli/"
        + JvmOptions.RESOURCE), "./jpki reads the file");
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
    Path options = root.resolve("tools").resolve(FILE);
    Files.createDirectories(options.getParent());
    Files.copy(FILE, options);
    Files.copy(LAUNCHER, root.resolve("jpki"));
    Path bin = Files.createDirectories(run.resolve("bin"));
    Path seen = run.resolve("java-args");
    script(bin.resolve("mvn"), "exit 0\n");
    script(bin.resolve("java"), "printf '%s\\n' \"$@\" > '" + seen + "'\n");
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("jpki").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(run.resolve("out").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("JPKI_CDS", "0");
    pb.environment().remove("JPKI_JAVA_OPTS");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "./jpki did not end");
    assertEquals(0, p.exitValue(), () -> readQuietly(run.resolve("out")));
    List<String> seenArgs = Files.readAllLines(seen);
    return seenArgs.subList(0, seenArgs.indexOf("-cp"));
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
