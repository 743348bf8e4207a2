package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jpki --reader 0 agent -D} on the served card through pcscd, whatever the card's profile
 * (each concrete class serves one): {@code ssh-add -L} lists the key, {@code ssh-keygen -Y sign}
 * signs through it (a "login": the identities, then one signature), the PIN is asked once per card
 * insertion, and once more after {@code ssh-add -D} or after the card is pulled and put back.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentThroughPcscChecks {
  /** The running stack of the concrete class (its static {@code @RegisterExtension} field). */
  PcscStack stack;

  @BeforeAll
  void stack(PcscStack stack) {
    this.stack = stack;
  }

  /**
   * One {@code jpki --reader 0 agent -D} in a child JVM, in its own folder, with a fake pinentry
   * that answers the auth PIN and logs every request; stopped by its PID on close.
   */
  final class Agent implements AutoCloseable {
    final Path dir;
    final Map<String, String> env;
    private final FakePinentry pinentry;
    private final Path pub;
    private final String key;
    private final Process process;

    Agent(String name) throws Exception {
      dir = Files.createDirectories(stack.work().resolve(name));
      pinentry = FakePinentry.in(dir.resolve("pinentry"), "1234");
      Path socket = dir.resolve("agent.sock");
      Path agentLog = dir.resolve("agent.log");

      TestProcess.Result keyLine =
          TestProcess.of(JpkiProcess.jpkiCommand("--reader", "0", "ssh-key")).dir(dir).run();
      assertEquals(0, keyLine.exit(), keyLine.toString());
      String[] fields = keyLine.out().strip().split(" ");
      key = fields[0] + " " + fields[1];
      pub = dir.resolve("card.pub");
      Files.writeString(pub, keyLine.out());

      process = PcscStack.startAgent(List.of(), socket, agentLog, pinentry);
      env = Map.of("SSH_AUTH_SOCK", socket.toString());
    }

    boolean alive() {
      return process.isAlive();
    }

    /** How many PINs the agent asked for so far. */
    long prompts() throws IOException {
      return pinentry.prompts();
    }

    /** {@code ssh-add args}. */
    TestProcess.Result sshAdd(String... args) throws Exception {
      return Tools.run(dir, null, env, 30, "ssh-add", args);
    }

    boolean listsKey() throws Exception {
      TestProcess.Result r = sshAdd("-L");
      return r.exit() == 0 && r.out().lines().anyMatch(l -> l.startsWith(key + " "));
    }

    /** {@code ssh-add -L} must not show the key while the card is out. */
    void assertNoKey() throws Exception {
      TestProcess.Result out = sshAdd("-L");
      assertFalse(
          out.exit() == 0 && out.out().contains(key), "no key while the card is out: " + out);
    }

    /** One login's worth of agent work: {@code ssh-keygen -Y sign}, checked with the key. */
    void login(String name) throws Exception {
      Path file = dir.resolve(name);
      Files.writeString(file, "signed by the agent: " + name + "\n");
      Tools.assertAgentSigns(dir, env, pub, file);
      List<String> sig = Files.readAllLines(Path.of(file + ".sig"));
      assertEquals("-----BEGIN SSH SIGNATURE-----", sig.get(0));
    }

    @Override
    public void close() {
      PcscStack.stop(process);
      assertFalse(process.isAlive());
    }
  }

  @Test
  void twoLoginsAskOnceAndSshAddDashDAsksOnceMore() throws Exception {
    try (Agent agent = new Agent("agent-logins")) {
      assertTrue(agent.listsKey(), "ssh-add -L must list the card's key");
      agent.login("first.txt");
      agent.login("second.txt");
      assertEquals(1, agent.prompts(), "two logins, one PIN prompt");

      agent.sshAdd("-D").assertOk("ssh-add -D");
      assertTrue(agent.listsKey(), "the card's key is still offered after ssh-add -D");
      agent.login("third.txt");
      agent.login("fourth.txt");
      assertEquals(2, agent.prompts(), "ssh-add -D forgets the PIN: exactly one new prompt");
    }
  }

  @Test
  void theAgentWorksThroughPcscAndSurvivesCardRemoval() throws Exception {
    try (Agent agent = new Agent("agent-removal")) {
      assertTrue(agent.listsKey(), "ssh-add -L must list the card's key");
      agent.login("first.txt");
      assertEquals(1, agent.prompts(), "one PIN prompt for the first signature");

      stack.removeCard();
      try {
        agent.assertNoKey();
        assertTrue(agent.alive(), "the agent must survive the removal");
      } finally {
        stack.insertCard();
      }
      assertTrue(agent.listsKey(), "the key again after reinsertion");
      agent.login("second.txt");
      assertEquals(2, agent.prompts(), "a reinserted card has forgotten the PIN: asked again");
    }
  }
}
