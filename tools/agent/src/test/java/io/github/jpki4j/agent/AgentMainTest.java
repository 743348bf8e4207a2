package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.sshcard.CardSshKeys;
import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestJvm;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AgentMain}: the agent without the jpki command line, in a JVM of its own. */
class AgentMainTest {
  private static final Pattern SOCK =
      Pattern.compile("SSH_AUTH_SOCK=(\\S+); export SSH_AUTH_SOCK;");
  private static final Pattern PID = Pattern.compile("SSH_AGENT_PID=(\\d+); export SSH_AGENT_PID;");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAgents() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run inProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AgentMain.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheOptionsAndExitsZero() {
    Run r = inProcess("--help");
    assertEquals(0, r.code());
    assertEquals(AgentMain.USAGE + System.lineSeparator(), r.out());
    for (String option :
        List.of("-a SOCKET", "--simulator DIR", "--reader", "--pinentry", "--allow-sha1", "-v")) {
      assertTrue(r.out().contains(option), option);
    }
    assertEquals("", r.err());
  }

  @Test
  void aBadCommandLineIsAUsageErrorInOneLine() {
    for (String[] args :
        List.of(
            new String[] {"--bogus"},
            new String[] {"-a"},
            new String[] {"--simulator="},
            new String[] {"--allow-sha1=yes"})) {
      Run r = inProcess(args);
      assertEquals(2, r.code(), r::err);
      assertEquals("", r.out());
      List<String> lines = r.err().lines().toList();
      assertEquals(2, lines.size(), r::err);
      assertTrue(lines.get(0).startsWith("jpki agent: "), lines.get(0));
      assertTrue(lines.get(0).contains(args[0].replaceFirst("=.*", "")), lines.get(0));
    }
  }

  @Test
  @RequiresTools(ExternalTool.SSH_ADD)
  void servesTheSimulatedCardOnTheGivenSocketUntilSigterm() throws Exception {
    Path simulator = dir.resolve("card");
    String keyLine = keyLine(simulator);
    Path socket = dir.resolve("agent.sock");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        agent(Map.of(), out, err, "--simulator=" + simulator, "-v", "-a", socket.toString());
    String text = awaitStarted(p, out, err);
    assertEquals(socket.toString(), group(SOCK, text));
    assertEquals(p.pid(), Long.parseLong(group(PID, text)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

    TestProcess.Result r =
        TestProcess.of("ssh-add", "-L").env("SSH_AUTH_SOCK", socket.toString()).run();
    assertEquals(0, r.exit(), r::toString);
    assertEquals(keyLine, r.out(), "the card's key, with the comment of 'jpki ssh-key'");

    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the agent stops on SIGTERM");
    assertTrue(Files.notExists(socket), "the socket is removed");
    assertTrue(Files.readString(err).contains("REQUEST_IDENTITIES: 1 key"), "-v logs each request");
  }

  @Test
  @RequiresTools(ExternalTool.SSH_ADD)
  void withoutDashAItMakesItsOwnSocketDirectoryUnderTmpdirAndRemovesIt() throws Exception {
    Path simulator = dir.resolve("card");
    String keyLine = keyLine(simulator);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        agent(Map.of("TMPDIR", tmp.toString()), out, err, "--simulator", simulator.toString());
    Path socket = Path.of(group(SOCK, awaitStarted(p, out, err)));
    assertEquals(tmp, socket.getParent().getParent());
    assertTrue(socket.getParent().getFileName().toString().startsWith("jpki-"), socket::toString);
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));

    TestProcess.Result r =
        TestProcess.of("ssh-add", "-L").env("SSH_AUTH_SOCK", socket.toString()).run();
    assertEquals(0, r.exit(), r::toString);
    assertEquals(keyLine, r.out());

    p.destroy();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the agent stops on SIGTERM");
    assertTrue(Files.notExists(socket.getParent()), "the socket's directory is removed");
  }

  // The authorized_keys line of the simulated card in dir (created here), as 'jpki ssh-key' prints
  // it.
  private static String keyLine(Path simulator) throws Exception {
    try (CardConnector.Session s =
        new CardConnector(
                CardSettings.resolve(
                    new CardSettings.Layer(simulator.toString(), null, null),
                    new Properties(),
                    Map.of()),
                false,
                System.err)
            .open()) {
      String comment = CardSshKeys.defaultComment(s.card().readCertificate(JpkiCertificate.AUTH));
      return CardSshKeys.publicKey(s.card(), JpkiKey.AUTH).toAuthorizedKeysLine(comment) + "\n";
    }
  }

  private Process agent(Map<String, String> env, Path out, Path err, String... args)
      throws Exception {
    FakePinentry pinentry = FakePinentry.in(Files.createTempDirectory(dir, "pinentry"), "1234");
    List<String> command =
        TestJvm.command(AgentMain.class.getName(), "--pinentry", pinentry.program().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("SHELL", "/bin/sh"); // Bourne shell lines
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private static String awaitStarted(Process p, Path out, Path err) throws Exception {
    Await.until(
        "the agent's shell lines",
        Duration.ofSeconds(60),
        Duration.ofMillis(20),
        () -> {
          if (!p.isAlive()) {
            fail("the agent exited " + p.exitValue() + ": " + Files.readString(err));
          }
          return Files.readString(out).contains("echo Agent pid");
        });
    return Files.readString(out);
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), () -> "no " + p + " in:\n" + text);
    return m.group(1);
  }
}
