package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.windows.AgentWire.CountingBackend;
import io.github.jpki4j.agent.windows.FakeWin32.Client;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OpenSSH pipe as {@code ssh.exe}, {@code ssh-add.exe} and PuTTY's pipe client use it, and as
 * hostile local processes might: what each of them gets back, and that the agent goes on serving.
 */
@Timeout(30)
class PipeServerTest {
  private static final String PIPE = PipeNames.OPENSSH_DEFAULT;
  private static final long ALICE_PID = 4242;
  private static final long MALLORY_PID = 6666;

  private final FakeWin32 win32 = new FakeWin32();
  private final CountingBackend backend = new CountingBackend();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private PipeServer server;

  private PipeServer start() throws IOException {
    server =
        PipeServer.start(
            win32,
            PIPE,
            FakeWin32.ALICE,
            new AgentRequestHandler(backend),
            log::add,
            true,
            4,
            "test-pipe");
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A client of the agent's own user can list keys, as ssh-add -l does. */
  private void assertServesAlice() throws Exception {
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      AgentReply reply = AgentWire.call(c, new AgentRequest.RequestIdentities());
      assertInstanceOf(AgentReply.IdentitiesAnswer.class, reply);
    }
  }

  @Test
  void thePipeIsOwnedByTheUserAndOpenToNoOneElse() throws Exception {
    start();
    assertServesAlice();
    String sddl = "O:" + FakeWin32.ALICE + "D:P(D;;GA;;;NU)(A;;GRGW;;;" + FakeWin32.ALICE + ")";
    // the first instance refuses to join a pipe someone else made; later ones carry the same SD
    assertEquals("first " + PIPE + " " + sddl, win32.pipeCreations.get(0));
    assertTrue(win32.pipeCreations.size() >= 2, win32.pipeCreations::toString);
    for (String creation : win32.pipeCreations.subList(1, win32.pipeCreations.size())) {
      assertEquals("next " + PIPE + " " + sddl, creation);
    }
  }

  @Test
  void aProcessOfAnotherUserIsDisconnectedBeforeAnythingIsRead() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, MALLORY_PID)) {
      c.out.write(AgentWire.frame(new AgentRequest.RequestIdentities()));
      c.out.flush();
      assertEquals(-1, c.in.read(), "no reply, the pipe is closed");
    } catch (IOException e) {
      // writing to a pipe the agent already closed fails the same way on Windows
    }
    assertEquals(0, backend.calls.get());
    assertTrue(
        log.stream().anyMatch(l -> l.contains("process 6666 runs as " + FakeWin32.MALLORY)),
        log::toString);
    assertServesAlice();
  }

  @Test
  void aClientWhoseUserCannotBeFoundIsRefused() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, 777)) {
      assertEquals(-1, c.in.read());
    }
    assertEquals(0, backend.calls.get());
    assertTrue(
        log.stream().anyMatch(l -> l.contains("cannot be checked (process 777)")), log::toString);
    assertServesAlice();
  }

  @Test
  void aMalformedRequestGetsFailureAndTheConnectionGoesOn() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      // SIGN_REQUEST whose key blob claims 1000 bytes in a 9-byte body
      c.out.write(AgentWire.frame(new byte[] {13, 0, 0, 0x03, (byte) 0xE8, 1, 2, 3, 4, 5}));
      assertInstanceOf(AgentReply.Failure.class, AgentWire.reply(c.in));
      // an unknown type
      c.out.write(AgentWire.frame(new byte[] {(byte) 0xF0}));
      assertInstanceOf(AgentReply.Failure.class, AgentWire.reply(c.in));
      assertInstanceOf(
          AgentReply.IdentitiesAnswer.class,
          AgentWire.call(c, new AgentRequest.RequestIdentities()));
    }
  }

  @Test
  void aHostileLengthClosesThatConnectionOnly() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      c.out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 11});
      assertEquals(-1, c.in.read(), "closed without a reply and without reading 4 GiB");
    }
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      c.out.write(ByteBuffer.allocate(5).putInt(256 * 1024 + 1).put((byte) 11).array());
      assertEquals(-1, c.in.read(), "one byte over the 256 KiB cap");
    }
    assertEquals(0, backend.calls.get());
    assertServesAlice();
  }

  @Test
  void aMessageOfExactlyTheCapIsReadAndAnswered() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      byte[] payload = new byte[256 * 1024];
      payload[0] = (byte) 0xF0; // unknown type, but a whole frame
      c.out.write(AgentWire.frame(payload));
      assertInstanceOf(AgentReply.Failure.class, AgentWire.reply(c.in));
    }
  }

  @Test
  void aFrameCutShortClosesThatConnectionOnly() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      c.out.write(new byte[] {0, 0, 0, 100, 11, 0, 0});
      c.out.close(); // the client goes away mid-frame
      assertEquals(-1, c.in.read());
    }
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      c.out.write(new byte[] {0, 0});
      c.out.close(); // mid-length
      assertEquals(-1, c.in.read());
    }
    assertServesAlice();
  }

  @Test
  void twoClientsAreServedAtOnce() throws Exception {
    start();
    try (Client first = win32.connect(PIPE, ALICE_PID);
        Client second = win32.connect(PIPE, ALICE_PID)) {
      assertInstanceOf(
          AgentReply.IdentitiesAnswer.class,
          AgentWire.call(second, new AgentRequest.RequestIdentities()));
      assertInstanceOf(
          AgentReply.IdentitiesAnswer.class,
          AgentWire.call(first, new AgentRequest.RequestIdentities()));
    }
  }

  @Test
  void aPipeAnotherProcessServesIsNotJoined() {
    win32.foreignPipes.add(PIPE);
    PipeInUseException e = assertThrows(PipeInUseException.class, this::start);
    assertEquals(PIPE, e.pipe());
    assertEquals(List.of(), win32.pipeCreations);
  }

  @Test
  void closingDisconnectsClientsAndStopsAccepting() throws Exception {
    start();
    try (Client c = win32.connect(PIPE, ALICE_PID)) {
      AgentWire.call(c, new AgentRequest.RequestIdentities());
      server.close();
      assertEquals(-1, c.in.read(), "the connected client sees the end");
    }
    win32.connectWaitMillis = 300;
    assertThrows(IOException.class, () -> win32.connect(PIPE, ALICE_PID));
  }
}
