package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.PrivateSshd;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent, served in process on a simulated card, used by the real OpenSSH programs: ssh-add, ssh
 * against a private sshd on 127.0.0.1, scp, ssh-keygen -Y sign.
 */
@RequiresTools({
  ExternalTool.SSHD,
  ExternalTool.SSH,
  ExternalTool.SSH_ADD,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SCP
})
class AgentOpenSshTest {
  private static PrivateSshd sshd;

  @TempDir static Path classDir;
  @TempDir Path dir;
  private TestAgent agent;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = PrivateSshd.start(classDir.resolve("sshd"), TestAgent.keyLine());
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @AfterEach
  void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private TestProcess.Result sshAdd(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh-add"));
    cmd.addAll(List.of(args));
    return TestProcess.of(cmd).env("SSH_AUTH_SOCK", agent.socket().toString()).run();
  }

  private void assertLogin() throws Exception {
    TestProcess.Result r = sshd.login(agent.socket());
    assertEquals(0, r.exit(), () -> r + "\nagent log: " + agent.log + "\nsshd: " + sshd.log());
  }

  private void assertLoginFails() throws Exception {
    TestProcess.Result r = sshd.login(agent.socket());
    assertNotEquals(0, r.exit(), () -> r.toString());
  }

  @Test
  void sshAddListsTheCardKeyLikeSshKey() throws Exception {
    agent = TestAgent.start(dir);
    TestProcess.Result r = sshAdd("-L");
    assertEquals(0, r.exit(), r::toString);
    assertEquals(TestAgent.keyLine() + "\n", r.out());
    assertEquals(0, agent.pinentry.prompts(), "listing keys needs no PIN");
  }

  @Test
  void socketIs0600InA0700Directory() throws Exception {
    agent = TestAgent.start(dir);
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket())));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket().getParent())));
    assertTrue(agent.socket().getParent().getFileName().toString().startsWith("jpki-"));
    Path socket = agent.socket();
    agent.close();
    agent = null;
    assertTrue(Files.notExists(socket.getParent()), "socket and directory removed on close");
  }

  @Test
  void loginAsksForThePinOnceAndUsesRsaSha2512() throws Exception {
    agent = TestAgent.start(dir);
    assertLogin();
    assertLogin();
    assertEquals(1, agent.pinentry.prompts(), "the PIN is verified once per insertion");
    String desc = agent.pinentry.last("SETDESC");
    assertTrue(desc.contains("3 of 3 tries left"), desc);
    assertEquals(null, agent.pinentry.last("SETERROR"));
    assertEquals(List.of(4, 4), List.copyOf(agent.signFlags), "rsa-sha2-512 asked for");
    assertEquals(3, agent.authTriesLeft());
  }

  @Test
  void forcedRsaSha2256() throws Exception {
    agent = TestAgent.start(dir);
    TestProcess.Result r =
        sshd.login(agent.socket(), "-o", "PubkeyAcceptedAlgorithms=rsa-sha2-256");
    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of(2), List.copyOf(agent.signFlags), "SSH_AGENT_RSA_SHA2_256 asked for");
  }

  @Test
  void scpCopiesAFile() throws Exception {
    agent = TestAgent.start(dir);
    Path source = dir.resolve("source.txt");
    Files.writeString(source, "hello through the card\n");
    Path target = dir.resolve("target.txt");
    List<String> cmd = new ArrayList<>(List.of("scp", "-P", String.valueOf(sshd.port())));
    cmd.addAll(sshd.clientOptions(agent.socket()));
    cmd.addAll(List.of(source.toString(), sshd.destination() + ":" + target));
    TestProcess.Result r = TestProcess.of(cmd).run();
    assertEquals(0, r.exit(), r::toString);
    assertEquals("hello through the card\n", Files.readString(target));
  }

  @Test
  void sshKeygenSignsThroughTheAgentAndVerifies() throws Exception {
    agent = TestAgent.start(dir);
    agent.assertSshKeygenSignsAndVerifies(dir, "signed by the card\n");
  }

  @Test
  void wrongPinRefusesCostsOneTryAndTheNextPromptSaysSo() throws Exception {
    agent = TestAgent.start(dir);
    agent.pinentry.answer("9999");
    assertLoginFails();
    assertEquals(2, agent.authTriesLeft(), "exactly one try spent");
    assertEquals(1, agent.pinentry.prompts(), "asked once, never retried");

    agent.pinentry.answer("1234");
    assertLogin();
    assertEquals(2, agent.pinentry.prompts());
    assertEquals("SETERROR Wrong PIN: 2 tries left", agent.pinentry.last("SETERROR"));
    assertTrue(
        agent.pinentry.last("SETDESC").contains("2 of 3 tries left"),
        agent.pinentry.last("SETDESC"));
    assertEquals(3, agent.authTriesLeft(), "a right PIN resets the counter");
  }

  @Test
  void lastTryIsNeverSpent() throws Exception {
    agent = TestAgent.start(dir, 1);
    assertLoginFails();
    assertEquals(0, agent.pinentry.prompts(), "not even asked");
    assertEquals(1, agent.authTriesLeft());
    assertTrue(
        agent.log.stream().anyMatch(l -> l.contains("never spends the last try")),
        agent.log::toString);
  }

  @Test
  void blockedPinIsRefused() throws Exception {
    agent = TestAgent.start(dir, 0);
    assertLoginFails();
    assertEquals(0, agent.pinentry.prompts());
    assertEquals(0, agent.authTriesLeft());
    assertEquals(0, sshAdd("-L").exit(), "the key is still listed");
  }

  @Test
  void cancelledPromptRefusesWithoutSpendingATry() throws Exception {
    agent = TestAgent.start(dir);
    agent.pinentry.cancel(true);
    assertLoginFails();
    assertEquals(1, agent.pinentry.prompts());
    assertEquals(3, agent.authTriesLeft());
    agent.pinentry.cancel(false);
    assertLogin();
  }

  @Test
  void cardRemovedAndReinsertedAsksForThePinAgain() throws Exception {
    agent = TestAgent.start(dir);
    assertLogin();
    assertEquals(1, agent.pinentry.prompts());
    agent.card.removeCard();
    TestProcess.Result none = sshAdd("-L");
    assertEquals(1, none.exit(), "no card: no identities, and the agent lives: " + none);
    agent.card.insertCard();
    assertLogin();
    assertEquals(2, agent.pinentry.prompts(), "the card lost power: a new prompt");
  }

  // 5 logins and 15 listings at once (sshd's CPU, not the agent, makes logins slow here).
  @Test
  void twentyConcurrentClients() throws Exception {
    agent = TestAgent.start(dir);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<TestProcess.Result>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        boolean login = i % 4 == 0;
        results.add(pool.submit(() -> login ? sshd.login(agent.socket()) : sshAdd("-L")));
      }
      for (Future<TestProcess.Result> f : results) {
        TestProcess.Result r = f.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), () -> r + "\nagent log: " + agent.log);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(1, agent.pinentry.prompts(), "one prompt for all the concurrent logins");
  }

  @Test
  void garbageOnTheSocketNeverKillsTheAgent() throws Exception {
    agent = TestAgent.start(dir);
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    exchangeAndExpectClose(random);
    exchangeAndExpectClose(HexFormat.of().parseHex("ffffffff0b")); // huge length
    exchangeAndExpectClose(HexFormat.of().parseHex("000000640b0000")); // cut frame
    exchangeAndExpectClose(HexFormat.of().parseHex("00000000")); // zero length
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket()))) {
      // Well framed but malformed or unknown: FAILURE, and the connection stays usable.
      c.write(ByteBuffer.wrap(HexFormat.of().parseHex("000000050d00000009"))); // sign, cut
      assertEquals("0000000105", HexFormat.of().formatHex(readFrame(c)));
      c.write(ByteBuffer.wrap(HexFormat.of().parseHex("00000001c8"))); // type 200
      assertEquals("0000000105", HexFormat.of().formatHex(readFrame(c)));
      c.write(ByteBuffer.wrap(HexFormat.of().parseHex("000000010b"))); // identities
      byte[] answer = readFrame(c);
      assertEquals(0x0c, answer[4], "SSH_AGENT_IDENTITIES_ANSWER");
    }
    TestProcess.Result r = sshAdd("-L");
    assertEquals(0, r.exit(), r::toString);
    assertEquals(TestAgent.keyLine() + "\n", r.out());
  }

  private void exchangeAndExpectClose(byte[] bytes) throws Exception {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket()))) {
      c.write(ByteBuffer.wrap(bytes));
      c.shutdownOutput();
      ExecutorService reader = Executors.newSingleThreadExecutor();
      try {
        InputStream in = Channels.newInputStream(c);
        Future<byte[]> all =
            reader.submit(
                () -> {
                  try {
                    return in.readAllBytes();
                  } catch (IOException e) {
                    return new byte[0]; // reset: the agent closed with our bytes unread
                  }
                });
        byte[] got = all.get(10, TimeUnit.SECONDS); // EOF: the agent closed its side
        assertTrue(got.length % 5 == 0, "nothing, or FAILUREs, then the end");
      } finally {
        reader.shutdownNow();
      }
    }
  }

  private static byte[] readFrame(SocketChannel c) throws Exception {
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      InputStream in = Channels.newInputStream(c);
      return reader
          .submit(
              () -> {
                byte[] header = in.readNBytes(4);
                int len = ByteBuffer.wrap(header).getInt();
                assertTrue(len > 0 && len <= AgentCodec.DEFAULT_MAX_MESSAGE_LENGTH);
                byte[] body = in.readNBytes(len);
                ByteBuffer frame = ByteBuffer.allocate(4 + body.length).put(header).put(body);
                return frame.array();
              })
          .get(10, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }
  }

  @Test
  void sshAddDeleteAllReleasesTheCardAndForgetsThePin() throws Exception {
    agent = TestAgent.start(dir);
    assertLogin();
    assertEquals(1, agent.pinentry.prompts());
    TestProcess.Result d = sshAdd("-D");
    assertEquals(0, d.exit(), d::toString);
    // The card was reset: it too has forgotten the PIN (6982 to a signature).
    agent.card.transmit(HexFormat.of().parseHex("00A4040C0AD392F000260100000001"));
    agent.card.transmit(HexFormat.of().parseHex("00A4020C020017"));
    byte[] sw = agent.card.transmit(HexFormat.of().parseHex("802A00800401020304"));
    assertEquals("6982", HexFormat.of().formatHex(sw));
    assertLogin();
    assertEquals(2, agent.pinentry.prompts(), "asked again after ssh-add -D");
    TestProcess.Result lock =
        TestProcess.of("ssh-add", "-x")
            .env("SSH_AUTH_SOCK", agent.socket().toString())
            .timeout(java.time.Duration.ofSeconds(10))
            .run();
    assertNotEquals(0, lock.exit(), "locking is refused");
    assertNotNull(agent.card);
  }
}
