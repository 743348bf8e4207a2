package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpki --reader 0 agent -D} on the served card through pcscd: {@code ssh-add -L} lists the
 * key, {@code ssh-keygen -Y sign} signs through it, and after the card is pulled and put back the
 * next request works again (with a new PIN prompt: the card forgot the PIN).
 */
class AgentThroughPcscTest {
  @RegisterExtension static final PcscStack STACK = new PcscStack();

  private static long getPins(Path log) throws Exception {
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.startsWith("GETPIN")).count() : 0;
  }

  @Test
  void theAgentWorksThroughPcscAndSurvivesCardRemoval() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("agent"));
    Path pinFile = dir.resolve("pin");
    Files.writeString(pinFile, "1234");
    Path pinLog = dir.resolve("pinentry.log");
    Path pinentry = JpkiProcess.fakePinentry(dir, pinFile, pinLog);
    Path socket = dir.resolve("agent.sock");
    Path agentLog = dir.resolve("agent.log");

    JpkiProcess.Result keyLine = JpkiProcess.run(
        JpkiProcess.jpkiCommand("--reader", "0", "ssh-key"), null, Map.of(), dir);
    assertEquals(0, keyLine.exit(), keyLine.toString());
    String[] fields = keyLine.out().strip().split(" ", -1);
    String key = fields[0] + " " + fields[1];
    Path pub = dir.resolve("card.pub");
    Files.writeString(pub, keyLine.out());

    ProcessBuilder pb = new ProcessBuilder(JpkiProcess.jpkiCommand("--reader", "0", "agent",
        "-D", "-a", socket.toString(), "--pinentry", pinentry.toString()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(false).redirectError(agentLog.toFile());
    pb.environment().remove("JPKI_PINENTRY");
    pb.environment().remove("SSH_ASKPASS");
    Process agent = pb.start();
    try {
      PcscStack.waitFor("the agent's socket", 30_000, () -> {
        assertTrue(agent.isAlive(), () -> "the agent exited: " + PcscStack.tail(agentLog, 30));
        if (!Files.exists(socket)) {
          return false;
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          return c.isConnected();
        } catch (IOException e) {
          return false;
        }
      });
      Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());

      assertTrue(listsKey(dir, env, key), "ssh-add -L must list the card's key");
      signAndCheck(dir, env, pub, "first.txt");
      assertEquals(1, getPins(pinLog), "one PIN prompt for the first signature");

      STACK.removeCard();
      Tools.Result out = Tools.run(dir, null, env, 30, "ssh-add", "-L");
      assertFalse(out.exit() == 0 && out.out().contains(key),
          "no key while the card is out: " + out);
      assertTrue(agent.isAlive(), "the agent must survive the removal");

      STACK.insertCard();
      assertTrue(listsKey(dir, env, key), "the key again after reinsertion");
      signAndCheck(dir, env, pub, "second.txt");
      assertEquals(2, getPins(pinLog), "a reinserted card has forgotten the PIN: asked again");
    } finally {
      PcscStack.stop(agent);
    }
    assertFalse(agent.isAlive());
  }

  private static boolean listsKey(Path dir, Map<String, String> env, String key)
      throws Exception {
    Tools.Result r = Tools.run(dir, null, env, 30, "ssh-add", "-L");
    return r.exit() == 0 && r.out().lines().anyMatch(l -> l.startsWith(key + " "));
  }

  private static void signAndCheck(Path dir, Map<String, String> env, Path pub, String name)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "signed by the agent: " + name + "\n");
    Tools.run(dir, null, env, 60, "ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n",
        "file", file.toString()).assertOk("ssh-keygen -Y sign through the agent");
    Tools.run(dir, Files.readString(file), Map.of(), 30, "ssh-keygen", "-Y",
        "check-novalidate", "-n", "file", "-s", file + ".sig").assertOk("check-novalidate");
    List<String> sig = Files.readAllLines(Path.of(file + ".sig"));
    assertEquals("-----BEGIN SSH SIGNATURE-----", sig.get(0));
  }
}
