package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.PrivateSshd;
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
 * while the other is out: for {@code ssh-keygen -Y sign} and for real {@code ssh} logins to a
 * private sshd that accepts one card's key at a time.
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
    readKeys(dir, keys, pubs);
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

  @Test
  @RequiresTools({ExternalTool.SSHD, ExternalTool.SSH})
  void logsInWithEachCardsKeyAndWithTheOtherWhenOneIsRemoved() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("agent-two-cards-ssh"));
    List<String> keys = new ArrayList<>();
    readKeys(dir, keys, new ArrayList<>());
    FakePinentry pinentry = FakePinentry.in(dir.resolve("pinentry"), "1234");
    Path socket = dir.resolve("agent.sock");
    Process agent =
        PcscStack.startAgent(List.of(), List.of(), socket, dir.resolve("agent.log"), pinentry);
    try (PrivateSshd sshd = PrivateSshd.start(dir.resolve("sshd"), keys.get(0))) {
      assertLogsIn(sshd, socket, dir, "card-1");
      assertEquals(1, pinentry.prompts());
      assertTrue(
          pinentry.last("SETDESC").contains("The card in reader " + PcscStack.READER),
          pinentry.last("SETDESC"));

      sshd.authorize(keys.get(1));
      assertLogsIn(sshd, socket, dir, "card-2");
      assertEquals(2, pinentry.prompts(), "card 2 asks for its own PIN");
      assertTrue(
          pinentry.last("SETDESC").contains("The card in reader " + PcscStack.READER_2),
          pinentry.last("SETDESC"));

      STACK.removeCard(2);
      try {
        sshd.authorize(keys.get(0));
        assertLogsIn(sshd, socket, dir, "card-1-while-card-2-out");

        sshd.authorize(keys.get(1));
        Path marker = dir.resolve("card-2-out.ran");
        TestProcess.Result refused = sshd.run(socket, List.of(), "echo ran > " + marker);
        assertNotEquals(0, refused.exit(), refused::toString);
        assertTrue(
            refused.err().contains("Permission denied"), () -> refused + "\nsshd: " + sshd.log());
        assertFalse(Files.exists(marker), "no command ran for the removed card's key");

        sshd.authorize(keys.get(0));
        assertLogsIn(sshd, socket, dir, "card-1-after-refusal");
        assertEquals(2, pinentry.prompts(), "card 1 kept its PIN while card 2 was out");
        assertTrue(agent.isAlive(), "the agent survived the removal and the refused login");
      } finally {
        STACK.insertCard(2);
      }
    } finally {
      PcscStack.stop(agent);
    }
  }

  /** Each card's key ({@code type base64}) and its .pub file, card 1 first. */
  private static void readKeys(Path dir, List<String> keys, List<Path> pubs) throws Exception {
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
  }

  /** A real ssh login through the agent that runs a command on the server writing {@code name}. */
  private static void assertLogsIn(PrivateSshd sshd, Path socket, Path dir, String name)
      throws Exception {
    Path marker = dir.resolve(name + ".ran");
    TestProcess.Result r =
        sshd.run(socket, List.of(), "echo logged-in-" + name + " > " + marker + " && echo ok");
    assertEquals(0, r.exit(), () -> r + "\nsshd: " + sshd.log());
    assertEquals("ok", r.out().strip(), r::toString);
    assertEquals("logged-in-" + name, Files.readString(marker).strip());
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
    Tools.assertAgentSigns(dir, env, pub, file);
  }
}
