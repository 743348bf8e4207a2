package io.github.jpki4j.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestJvm;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpki agent} as a user runs it: in a JVM of its own, foreground and detached. */
class AgentCliTest {
  private static final Pattern SOCK =
      Pattern.compile("SSH_AUTH_SOCK=(\\S+); export SSH_AUTH_SOCK;");
  private static final Pattern PID = Pattern.compile("SSH_AGENT_PID=(\\d+); export SSH_AGENT_PID;");

  @TempDir Path dir;
  private Path simulator;
  private FakePinentry pinentry;
  private final List<Long> agentPids = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    simulator = dir.resolve("card");
    pinentry = FakePinentry.in(dir.resolve("pinentry"), "1234");
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : processes) {
      stop(p.toHandle());
    }
    for (long pid : agentPids) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        stop(h.get());
      }
    }
  }

  private static void stop(ProcessHandle h) throws Exception {
    if (h.isAlive()) {
      h.destroy();
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
        h.onExit().get(5, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> jpki(String... args) {
    return TestJvm.command(Main.class.getName(), args);
  }

  /** {@code jpki --simulator=DIR ssh-key}, in this JVM (it also creates the card). */
  private String sshKeyLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"--simulator=" + simulator, "ssh-key"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true),
            new PrintStream(err, true),
            Map.of());
    assertEquals(0, code, err::toString);
    return out.toString(StandardCharsets.UTF_8);
  }

  private TestProcess.Result sshAddL(String socket) throws Exception {
    return TestProcess.of("ssh-add", "-L").env("SSH_AUTH_SOCK", socket).run();
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), () -> "no " + p + " in:\n" + text);
    return m.group(1);
  }

  @Test
  @RequiresTools(ExternalTool.SSH_ADD)
  void foregroundAgentPrintsTheShellLinesServesAndCleansUpOnSigterm() throws Exception {
    String keyLine = sshKeyLine();
    Path socket = dir.resolve("agent.sock");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                jpki(
                    "--simulator=" + simulator,
                    "-v",
                    "agent",
                    "-D",
                    "-a",
                    socket.toString(),
                    "--pinentry",
                    pinentry.program().toString()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    processes.add(p);
    String text = awaitOutput(p, out, err, "echo Agent pid");
    assertEquals(socket.toString(), group(SOCK, text));
    assertEquals(p.pid(), Long.parseLong(group(PID, text)));
    assertTrue(text.endsWith("echo Agent pid " + p.pid() + ";\n"), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

    TestProcess.Result r = sshAddL(socket.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(keyLine, r.out(), "the key and comment of 'jpki ssh-key'");

    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the agent stops on SIGTERM");
    assertTrue(Files.notExists(socket), "the socket is removed");
    assertTrue(Files.readString(err).contains("REQUEST_IDENTITIES: 1 key"), "-v logs each request");
  }

  @Test
  @RequiresTools(ExternalTool.SSH_ADD)
  void detachedAgentThenKill() throws Exception {
    String keyLine = sshKeyLine();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> env = new HashMap<>();
    env.put("TMPDIR", tmp.toString());
    env.put("SHELL", "/bin/bash");
    TestProcess.Result start =
        TestProcess.of(
                jpki(
                    "--simulator=" + simulator,
                    "agent",
                    "--pinentry",
                    pinentry.program().toString()))
            .env(env)
            .timeout(Duration.ofSeconds(60))
            .run();
    long pid = -1;
    try {
      pid = Long.parseLong(group(PID, start.out()));
    } finally {
      if (pid > 0) {
        agentPids.add(pid);
      }
    }
    assertEquals(0, start.exit(), start::toString);
    Path socket = Path.of(group(SOCK, start.out()));
    assertEquals(tmp, socket.getParent().getParent());
    assertTrue(socket.getParent().getFileName().toString().startsWith("jpki-"), socket::toString);
    assertTrue(socket.getFileName().toString().matches("agent\\.\\d+"), socket::toString);
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    assertTrue(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "the agent outlives its starter");

    TestProcess.Result r = sshAddL(socket.toString());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(keyLine, r.out());

    env.put("SSH_AGENT_PID", String.valueOf(pid));
    TestProcess.Result kill =
        TestProcess.of(jpki("agent", "-k")).env(env).timeout(Duration.ofSeconds(60)).run();
    assertEquals(0, kill.exit(), kill::toString);
    assertEquals(
        "unset SSH_AUTH_SOCK;\nunset SSH_AGENT_PID;\necho Agent pid " + pid + " killed;\n",
        kill.out());
    assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "killed");
    Await.until(
        "the socket directory to be removed",
        Duration.ofSeconds(30),
        Duration.ofMillis(20),
        () -> Files.notExists(socket.getParent()));
  }

  @Test
  void withoutAWayToAskForThePinTheAgentDoesNotStart() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("PATH", dir.toString());
    int code =
        Main.run(
            new String[] {"--simulator=" + simulator, "agent", "-D"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true),
            new PrintStream(err, true),
            env);
    assertEquals(7, code, err::toString);
    assertTrue(err.toString(UTF_8).contains("--pinentry"), err::toString);
    assertEquals("", out.toString(UTF_8));
  }

  @Test
  void killWithoutAnAgentPidFails() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"agent", "-k"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true),
            new PrintStream(err, true),
            Map.of());
    assertEquals(1, code, err::toString);
    assertTrue(err.toString(UTF_8).contains("SSH_AGENT_PID not set"), err::toString);
  }

  private static String awaitOutput(Process p, Path out, Path err, String marker) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
      String text = Files.readString(out);
      if (text.contains(marker)) {
        return text;
      }
      if (!p.isAlive()) {
        fail("jpki agent exited " + p.exitValue() + ": " + text + Files.readString(err));
      }
      Thread.sleep(20);
    }
    fail("no '" + marker + "' within 30 s: " + Files.readString(out) + Files.readString(err));
    return null;
  }
}
