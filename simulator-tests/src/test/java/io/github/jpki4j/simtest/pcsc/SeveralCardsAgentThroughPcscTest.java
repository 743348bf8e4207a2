package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jpki agent} told no card, with two My Number Cards of two persons in two readers through
 * pcscd: it offers both keys (each comment names its reader), signs with the card that holds the
 * key asked for, asks each card's PIN once (the prompt naming the card), and keeps serving one card
 * while the other is out.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SeveralCardsAgentThroughPcscTest {
  @RegisterExtension static final PcscStack STACK = PcscStack.twoCards();

  private static final String[] READERS = {PcscStack.READER, PcscStack.READER_2};

  @Test
  void servesEveryCardEachWithItsOwnPinAndSurvivesOneRemoved() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("agent-two-cards"));
    List<String> keys = new ArrayList<>();
    List<Path> pubs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestProcess.Result line =
          TestProcess.of(JpkiProcess.jpkiCommand("--reader", Integer.toString(i), "ssh-key"))
              .dir(dir)
              .run();
      assertEquals(0, line.exit(), line::toString);
      String[] fields = line.out().strip().split(" ");
      keys.add(fields[0] + " " + fields[1]);
      Path pub = dir.resolve("card" + i + ".pub");
      Files.writeString(pub, line.out());
      pubs.add(pub);
    }
    FakePinentry pinentry = FakePinentry.in(dir.resolve("pinentry"), "1234");
    Path socket = dir.resolve("agent.sock");
    Process agent =
        PcscStack.startAgent(List.of(), List.of(), socket, dir.resolve("agent.log"), pinentry);
    Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
    try {
      List<String> listed = sshAddL(dir, env);
      assertEquals(2, listed.size(), listed::toString);
      for (int i = 0; i < 2; i++) {
        int card = i;
        assertTrue(
            listed.stream()
                .anyMatch(
                    l ->
                        l.startsWith(keys.get(card) + " ")
                            && l.endsWith(" (reader " + READERS[card] + ")")),
            listed::toString);
      }

      sign(dir, env, pubs.get(1), "by-card-2.txt");
      assertEquals(1, pinentry.prompts());
      assertTrue(
          pinentry.last("SETDESC").contains("The card in reader " + PcscStack.READER_2),
          pinentry.last("SETDESC"));
      sign(dir, env, pubs.get(0), "by-card-1.txt");
      assertEquals(2, pinentry.prompts(), "each card asks for its own PIN once");
      assertTrue(
          pinentry.last("SETDESC").contains("The card in reader " + PcscStack.READER),
          pinentry.last("SETDESC"));
      sign(dir, env, pubs.get(1), "by-card-2-again.txt");
      sign(dir, env, pubs.get(0), "by-card-1-again.txt");
      assertEquals(2, pinentry.prompts(), "both PINs are still verified");

      STACK.removeCard(2);
      try {
        List<String> left = sshAddL(dir, env);
        assertEquals(1, left.size(), left::toString);
        assertTrue(left.get(0).startsWith(keys.get(0) + " "), left::toString);
        sign(dir, env, pubs.get(0), "card-2-out.txt");
        assertEquals(2, pinentry.prompts(), "card 1 kept its PIN while card 2 was out");
        assertTrue(agent.isAlive());
      } finally {
        STACK.insertCard(2);
      }
      assertEquals(2, sshAddL(dir, env).size());
      sign(dir, env, pubs.get(1), "card-2-back.txt");
      assertEquals(3, pinentry.prompts(), "the reinserted card asks for its PIN again");
    } finally {
      PcscStack.stop(agent);
    }
  }

  private static List<String> sshAddL(Path dir, Map<String, String> env) throws Exception {
    TestProcess.Result r = Tools.run(dir, null, env, 30, "ssh-add", "-L");
    assertEquals(0, r.exit(), r::toString);
    return r.out().lines().toList();
  }

  /** One login's worth of agent work with one key: {@code ssh-keygen -Y sign}, then checked. */
  private static void sign(Path dir, Map<String, String> env, Path pub, String name)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "signed by the agent: " + name + "\n");
    Tools.run(
            dir,
            null,
            env,
            60,
            "ssh-keygen",
            "-Y",
            "sign",
            "-f",
            pub.toString(),
            "-n",
            "file",
            file.toString())
        .assertOk("ssh-keygen -Y sign through the agent with " + pub.getFileName());
    Tools.assertSshSigChecks(dir, file);
  }
}
