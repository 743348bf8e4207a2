package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestJvm;
import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpki git-setup}, then real {@code git commit -S} and {@code git verify-commit}: through a
 * running {@code jpki agent} with OpenSSH's own ssh-keygen, and through {@code gpg.ssh.program}
 * pointing at jpki without an agent.
 */
@RequiresTools({ExternalTool.GIT, ExternalTool.SSH_KEYGEN})
class GitSetupTest {
  private static final String EMAIL = "tester@example.jp";

  @TempDir Path dir;
  private Path card;
  private Path home;
  private Path repo;
  private FakePinentry pinentry;
  private final Map<String, String> env = new HashMap<>();
  private Process agent;

  @BeforeEach
  void setUp() throws Exception {
    card = dir.resolve("card");
    home = Files.createDirectories(dir.resolve("home"));
    repo = Files.createDirectories(dir.resolve("repo"));
    pinentry = FakePinentry.in(dir.resolve("pinentry"), "1234");
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("SSH_AUTH_SOCK", dir.resolve("no-agent.sock").toString());
    git("init", "-q", ".");
    git("config", "--global", "user.name", "Tester");
    git("config", "--global", "user.email", EMAIL);
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroy();
      if (!agent.waitFor(10, TimeUnit.SECONDS)) {
        agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> jpkiCommand(String... args) {
    return TestJvm.command(Main.class.getName(), args);
  }

  private Result jpki(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--simulator=" + card));
    all.addAll(List.of(args));
    return TestProcess.of(jpkiCommand(all.toArray(String[]::new))).env(env).dir(repo).run();
  }

  private Result git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    return TestProcess.of(cmd).env(env).dir(repo).run().assertOk(String.join(" ", cmd));
  }

  /** {@code git config --get} in a scope; null when unset. */
  private String config(String scope, String key) throws Exception {
    Result r = TestProcess.of("git", "config", scope, "--get", key).env(env).dir(repo).run();
    return r.exit() == 1 ? null : r.assertOk("git config --get " + key).out().strip();
  }

  private String keyLine() throws Exception {
    return jpki("ssh-key").assertOk("jpki ssh-key").out().strip();
  }

  /** Commits with -S and checks the signature with git verify-commit and the allowed signers. */
  private void commitAndVerify(String message) throws Exception {
    git("commit", "-q", "-S", "--allow-empty", "-m", message);
    Result v = TestProcess.of("git", "verify-commit", "-v", "HEAD").env(env).dir(repo).run();
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.err().contains("Good \"git\" signature for " + EMAIL), v.toString());
  }

  private Path startAgent() throws Exception {
    Path socket = dir.resolve("agent.sock");
    agent =
        new ProcessBuilder(
                jpkiCommand(
                    "--simulator=" + card,
                    "agent",
                    "-D",
                    "-a",
                    socket.toString(),
                    "--pinentry",
                    pinentry.program().toString()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(dir.resolve("agent.out").toFile())
            .redirectError(dir.resolve("agent.err").toFile())
            .start();
    Await.until(
        "the agent's socket",
        () -> {
          assertTrue(agent.isAlive(), () -> "the agent exited: " + read("agent.err"));
          return Files.exists(socket);
        });
    return socket;
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void withTheAgentStockSshKeygenSignsThroughIt() throws Exception {
    String key = keyLine();
    Path socket = startAgent();
    env.put("SSH_AUTH_SOCK", socket.toString());
    git("config", "--global", "gpg.ssh.program", "/opt/old/jpki");

    Result setup = jpki("git-setup").assertOk("jpki git-setup");
    Path pub = Path.of(config("--global", "user.signingkey"));
    assertTrue(pub.startsWith(home.resolve(".ssh")), pub::toString);
    assertTrue(pub.getFileName().toString().matches("jpki-[0-9a-f]{12}\\.pub"), pub::toString);
    assertEquals(key, Files.readString(pub).strip(), "the key file is 'jpki ssh-key'");
    assertEquals("ssh", config("--global", "gpg.format"));
    assertEquals(null, config("--global", "gpg.ssh.program"), "stock ssh-keygen signs");
    Path allowed = Path.of(config("--global", "gpg.ssh.allowedSignersFile"));
    String out = setup.out();
    assertTrue(out.contains("wrote " + pub), out);
    assertTrue(out.contains("set gpg.format = ssh (global)"), out);
    assertTrue(out.contains("unset gpg.ssh.program (was /opt/old/jpki)"), out);
    assertTrue(out.contains("added " + EMAIL + " with the card's key to " + allowed), out);
    assertTrue(out.contains("through the jpki agent"), out);

    Result again = jpki("git-setup").assertOk("jpki git-setup, again");
    assertTrue(again.out().contains("nothing changed"), again.out());
    assertEquals(1, Files.readAllLines(allowed).size(), "the allowed signer is added once");

    long asked = pinentry.prompts();
    commitAndVerify("signed by ssh-keygen through the jpki agent");
    assertTrue(pinentry.prompts() > asked, "the agent asked for the PIN: it signed");

    // --no-agent: git runs jpki even with the agent there; the launcher that ran git-setup names
    // itself in JPKI_LAUNCHER (not on the PATH here)
    Path program = jpkiScript(Files.createDirectories(dir.resolve("bin")));
    env.put("JPKI_LAUNCHER", program.toString());
    env.put("JPKI_SIMULATOR", card.toString());
    env.put("JPKI_PINENTRY", pinentry.program().toString());
    Result noAgent = jpki("git-setup", "--no-agent").assertOk("jpki git-setup --no-agent");
    assertEquals(
        "set gpg.ssh.program = "
            + program
            + " (global)\n"
            + "commits signed with -S (or commit.gpgsign=true) use jpki -Y sign (start 'jpki"
            + " agent' and run git-setup again for faster signing)\n",
        noAgent.out());
    assertEquals(program.toString(), config("--global", "gpg.ssh.program"));
    stopAgent(); // it holds the simulated card
    commitAndVerify("signed by jpki -Y sign");
  }

  @Test
  void withoutAnAgentGitRunsJpkiAndLocalTouchesOnlyTheRepository() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path program = jpkiScript(bin);
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    env.put("JPKI_SIMULATOR", card.toString());
    env.put("JPKI_PINENTRY", pinentry.program().toString());
    String key = keyLine();

    Result setup = jpki("git-setup", "--local").assertOk("jpki git-setup --local");
    assertTrue(setup.out().contains("set gpg.format = ssh (local)"), setup.out());
    assertEquals(program.toString(), config("--local", "gpg.ssh.program"));
    assertEquals("ssh", config("--local", "gpg.format"));
    assertEquals(null, config("--global", "gpg.format"), "--local leaves the global config");
    Path allowed = Path.of(config("--local", "gpg.ssh.allowedSignersFile"));
    assertTrue(
        Files.readString(allowed).contains(EMAIL + " namespaces=\"git\" " + key.split(" ")[0]),
        () -> read(allowed));

    commitAndVerify("signed by jpki -Y sign");
    assertTrue(pinentry.prompts() > 0, "jpki asked for the PIN");
  }

  @Test
  void withoutUserEmailItSaysHowToSetIt() throws Exception {
    git("config", "--global", "--unset", "user.email");
    Result r = jpki("git-setup");
    assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
    assertTrue(r.err().contains("git has no user.email"), r.err());
    assertFalse(Files.exists(home.resolve(".ssh")), "nothing written");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** An executable jpki that runs this test's class path, as the launchers do. */
  private static Path jpkiScript(Path bin) throws Exception {
    StringBuilder s = new StringBuilder("#!/bin/sh\nexec");
    for (String part : jpkiCommand()) {
      s.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    s.append(" \"$@\"\n");
    return TestProcess.executable(bin.resolve("jpki"), s.toString());
  }
}
