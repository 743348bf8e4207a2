package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.PinTraces;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No PIN left in the agent's memory (issue 19): after a login through the agent (pinentry gives the
 * auth PIN, {@code ssh-keygen -Y sign} signs), neither a heap dump that keeps unreachable objects
 * ({@code jcmd PID GC.heap_dump -all}) nor the process's whole memory ({@code /proc/PID/mem}) holds
 * the VERIFY command with the PIN, the PIN near a VERIFY header, pinentry's answer line or the PIN
 * as UTF-16 ({@link PinTraces}). The card is served by another JVM through pcscd, so the agent's
 * memory holds only what the agent itself handled.
 *
 * <p>The agent makes itself non-dumpable, which keeps other processes of the same user from
 * attaching to it or reading its memory: the scan therefore runs as root (which may still trace
 * it), and the test is skipped otherwise. There is deliberately no switch to keep the agent
 * dumpable: a test-only way around the protection would be one for everybody.
 *
 * <p>The same scan of the card's JVM, which keeps the PIN and received the VERIFY, shows that the
 * scan finds what it looks for.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AgentPinMemoryTest {
  /** An auth PIN that stands out from the simulator's default "1234". */
  static final String PIN = "5820";

  private static final Pattern SPACES = Pattern.compile("\\s+");

  @RegisterExtension static final PcscStack STACK = new PcscStack().withAuthPin(PIN);

  @Test
  void afterALoginTheAgentsMemoryHoldsNoPin() throws Exception {
    assumeTrue(
        isRoot(), "the agent is not dumpable: only root may dump its heap and read its memory");
    Path dir = Files.createDirectories(STACK.work().resolve("agent-memory"));
    FakePinentry pinentry = FakePinentry.in(dir.resolve("pinentry"), PIN);
    TestProcess.Result keyLine =
        TestProcess.of(JpkiProcess.jpkiCommand("--reader", "0", "ssh-key")).dir(dir).run();
    assertEquals(0, keyLine.exit(), keyLine.toString());
    Path pub = dir.resolve("card.pub");
    Files.writeString(pub, keyLine.out());
    Path socket = dir.resolve("agent.sock");
    Path agentLog = dir.resolve("agent.log");
    Process agent = PcscStack.startAgent(List.of(), socket, agentLog, pinentry);
    try {
      Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
      Tools.run(dir, null, env, 30, "ssh-add", "-L").assertOk("ssh-add -L");
      Path file = dir.resolve("login.txt");
      Files.writeString(file, "a login through the agent\n");
      Tools.assertAgentSigns(dir, env, pub, file);
      assertEquals(1, pinentry.prompts(), "the login asked for the PIN once");

      PinTraces agentHeap = heapDump(agent.pid(), dir.resolve("agent.hprof"));
      long[] read = new long[1];
      PinTraces agentMemory = PinTraces.inProcess(agent.pid(), PIN, read);
      System.out.printf(
          "agent %d: heap dump (-all) %s; process memory (%d MB read) %s%n",
          agent.pid(), agentHeap, read[0] >> 20, agentMemory);

      PinTraces cardHeap = heapDump(STACK.servePid(), dir.resolve("card.hprof"));
      PinTraces cardMemory = PinTraces.inProcess(STACK.servePid(), PIN, new long[1]);
      System.out.printf("the card's JVM: heap dump %s; process memory %s%n", cardHeap, cardMemory);
      assertTrue(
          cardHeap.plus(cardMemory).verifyCommands() > 0,
          "control: the card's JVM received the VERIFY, and the scan must find it there");

      assertEquals(
          0, agentHeap.secrets(), "PIN traces in the agent's heap dump (-all): " + agentHeap);
      assertEquals(
          0, agentMemory.secrets(), "PIN traces in the agent's process memory: " + agentMemory);
      assertTrue(
          Files.readString(agentLog).contains("process memory: not dumpable"),
          "the agent says at start that it made itself non-dumpable:\n"
              + Files.readString(agentLog));
    } finally {
      PcscStack.stop(agent);
    }
  }

  /** A heap dump of {@code pid} with its unreachable objects, scanned, then deleted. */
  private static PinTraces heapDump(long pid, Path file) throws Exception {
    return PinTraces.inHeapDump(pid, file, PIN);
  }

  private static boolean isRoot() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("Uid:"))
        .anyMatch(l -> SPACES.split(l)[2].equals("0"));
  }
}
