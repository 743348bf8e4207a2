package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.windows.CardBackend.ScriptedPins;
import io.github.jpki4j.agent.windows.FakeWin32.Client;
import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Windows agent as its clients meet it: ssh.exe on the OpenSSH pipe, PuTTY on Pageant's pipe,
 * WinSCP and Tera Term through Pageant's window, all over one card backend with the Unix agent's
 * PIN policy; and what a user is told when something else holds those names.
 */
@Timeout(60)
class WindowsAgentTest {
  private static final long ALICE_PID = 4242;
  private static final byte[] DATA =
      "session id and userauth request".getBytes(StandardCharsets.US_ASCII);

  private final FakeWin32 win32 = new FakeWin32();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final ScriptedPins pins = new ScriptedPins();
  private CardBackend card;
  private WindowsAgent agent;

  private WindowsAgent start(WindowsAgent.Options options) throws IOException {
    card = new CardBackend(pins);
    agent = WindowsAgent.start(win32, card.backend, options, log::add);
    return agent;
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (card != null) {
      card.close();
    }
  }

  private static AgentRequest sign() {
    return new AgentRequest.SignRequest(
        Bytes.of(CardBackend.keyBlob()), Bytes.of(DATA), 4); // rsa-sha2-512
  }

  private static void assertSigned(AgentReply reply) throws Exception {
    AgentReply.SignResponse response = assertInstanceOf(AgentReply.SignResponse.class, reply);
    SshSignature sig = SshSignature.parse(response.signatureBlob().toByteArray());
    assertEquals(SshSignatureAlgorithm.RSA_SHA2_512, sig.algorithm());
    assertTrue(sig.verify(RsaSshPublicKey.of(CardBackend.identity().authPublicKey()), DATA));
  }

  @Test
  void sshExeListsTheCardsKeyAndSignsOnTheDefaultPipeWithOnePinPrompt() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    assertEquals(List.of(), agent.shellLines(), "ssh.exe finds the default pipe by itself");
    try (Client ssh = win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID)) {
      AgentReply.IdentitiesAnswer ids =
          assertInstanceOf(
              AgentReply.IdentitiesAnswer.class,
              AgentWire.call(ssh, new AgentRequest.RequestIdentities()));
      assertEquals(1, ids.identities().size());
      assertArrayEquals(CardBackend.keyBlob(), ids.identities().get(0).keyBlob().toByteArray());
      assertSigned(AgentWire.call(ssh, sign()));
      assertSigned(AgentWire.call(ssh, sign()));
    }
    assertEquals(1, pins.requests.size(), "asked once per insertion");
    assertTrue(pins.requests.peek().description().contains("3 of 3 tries left"));
    assertEquals(1, card.pinVerifies.get());
  }

  @Test
  void puttyOnThePageantPipeAndWinscpThroughTheWindowShareTheCardAndItsVerifiedPin()
      throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    String pageantPipe = PageantPipeName.derive(win32, line -> {});
    assertTrue(pageantPipe.startsWith("\\\\.\\pipe\\pageant.alice."), pageantPipe);
    try (Client putty = win32.connect(pageantPipe, ALICE_PID)) {
      assertSigned(AgentWire.call(putty, sign()));
    }
    byte[] reply = win32.puttyQuery(AgentWire.frame(sign()), FakeWin32.ALICE);
    assertSigned(AgentWire.decodeFramed(reply));
    assertEquals(1, pins.requests.size(), "the window path uses the PIN the pipe verified");
    assertTrue(win32.windowExists("Pageant", "Pageant"));
  }

  @Test
  void sshAddDashDMakesTheNextSignatureAskForThePinAgain() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    try (Client ssh = win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID)) {
      assertSigned(AgentWire.call(ssh, sign()));
      assertInstanceOf(
          AgentReply.Success.class, AgentWire.call(ssh, new AgentRequest.RemoveAllIdentities()));
      assertSigned(AgentWire.call(ssh, sign()));
    }
    assertEquals(2, pins.requests.size());
    assertEquals(2, card.pinVerifies.get());
  }

  @Test
  void aCardPulledOutIsNoKeyAndOnceBackItIsAskedForAgain() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    try (Client ssh = win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID)) {
      assertSigned(AgentWire.call(ssh, sign()));
      card.card.removeCard();
      assertInstanceOf(AgentReply.Failure.class, AgentWire.call(ssh, sign()));
      AgentReply.IdentitiesAnswer none =
          assertInstanceOf(
              AgentReply.IdentitiesAnswer.class,
              AgentWire.call(ssh, new AgentRequest.RequestIdentities()));
      assertEquals(List.of(), none.identities());
      card.card.insertCard();
      assertSigned(AgentWire.call(ssh, sign()));
    }
    assertEquals(2, pins.requests.size(), "a new insertion needs the PIN again");
  }

  @Test
  void aCancelledPromptRefusesThatRequestAndSendsNoPin() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    pins.cancel = true;
    assertInstanceOf(
        AgentReply.Failure.class,
        AgentWire.decodeFramed(win32.puttyQuery(AgentWire.frame(sign()), FakeWin32.ALICE)));
    assertEquals(0, card.pinVerifies.get());
    assertEquals(3, card.authTriesLeft());
  }

  @Test
  void withOneTryLeftNoClientGetsAPromptAndTheCardKeepsItsLastTry() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    pins.answer = "0000";
    try (Client ssh = win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID)) {
      assertInstanceOf(AgentReply.Failure.class, AgentWire.call(ssh, sign())); // 2 left
      assertInstanceOf(AgentReply.Failure.class, AgentWire.call(ssh, sign())); // 1 left
      assertInstanceOf(AgentReply.Failure.class, AgentWire.call(ssh, sign())); // refused
    }
    assertEquals(2, pins.requests.size());
    assertEquals(1, card.authTriesLeft());
  }

  @Test
  void anotherPipeNameIsServedAndTheShellLinesPointSshExeAtIt() throws Exception {
    String pipe = PipeNames.fromOption("jpki-agent");
    start(new WindowsAgent.Options(pipe, true, false));
    assertEquals(
        List.of(
            "set SSH_AUTH_SOCK=\\\\.\\pipe\\jpki-agent",
            "$env:SSH_AUTH_SOCK = '\\\\.\\pipe\\jpki-agent'"),
        agent.shellLines());
    try (Client ssh = win32.connect(pipe, ALICE_PID)) {
      assertInstanceOf(
          AgentReply.IdentitiesAnswer.class,
          AgentWire.call(ssh, new AgentRequest.RequestIdentities()));
    }
    assertFalse(win32.listening.containsKey(PipeNames.OPENSSH_DEFAULT));
  }

  @Test
  void withoutPageantOnlyTheOpenSshPipeIsServed() throws Exception {
    start(new WindowsAgent.Options(null, false, false));
    assertEquals(1, win32.listening.size());
    assertTrue(win32.window == null);
  }

  @Test
  void theWindowsOpenSshServiceHoldingThePipeIsNamedWithTheCommandThatStopsIt() {
    win32.foreignPipes.add(PipeNames.OPENSSH_DEFAULT);
    win32.runningServices.add("ssh-agent");
    WindowsAgentException e =
        assertThrows(
            WindowsAgentException.class, () -> start(new WindowsAgent.Options(null, true, false)));
    String m = e.getMessage();
    assertTrue(
        m.startsWith(
            "the Windows OpenSSH agent service (ssh-agent) already serves"
                + " \\\\.\\pipe\\openssh-ssh-agent: stop it with 'Stop-Service ssh-agent'"),
        m);
    assertTrue(m.endsWith("or serve another pipe with 'jpki agent -a jpki-agent'"), m);
    assertOneSentence(m);
    assertTrue(win32.listening.isEmpty() && win32.window == null, "nothing started");
  }

  @Test
  void aPipeHeldByAnotherProgramIsSaidSoWithoutBlamingTheService() {
    win32.foreignPipes.add(PipeNames.OPENSSH_DEFAULT);
    WindowsAgentException e =
        assertThrows(
            WindowsAgentException.class, () -> start(new WindowsAgent.Options(null, true, false)));
    assertTrue(e.getMessage().startsWith("another program already serves"), e.getMessage());
    assertFalse(e.getMessage().contains("Stop-Service"), e.getMessage());
    assertOneSentence(e.getMessage());
  }

  @Test
  void aRunningPageantIsReportedAndTheOpenSshPipeIsNotLeftBehind() throws Exception {
    win32.foreignWindows.add("Pageant/Pageant");
    WindowsAgentException e =
        assertThrows(
            WindowsAgentException.class, () -> start(new WindowsAgent.Options(null, true, false)));
    assertTrue(
        e.getMessage()
            .startsWith("Pageant, or another agent answering for it, is already" + " running"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--no-pageant"), e.getMessage());
    assertOneSentence(e.getMessage());
    win32.connectWaitMillis = 300;
    assertThrows(IOException.class, () -> win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID));
  }

  @Test
  void pageantsPipeHeldByAnotherAgentIsReported() throws Exception {
    win32.foreignPipes.add(PageantPipeName.derive(win32, line -> {}));
    WindowsAgentException e =
        assertThrows(
            WindowsAgentException.class, () -> start(new WindowsAgent.Options(null, true, false)));
    assertTrue(e.getMessage().contains("pageant.alice."), e.getMessage());
    assertOneSentence(e.getMessage());
  }

  @Test
  void closingStopsEveryTransport() throws Exception {
    start(new WindowsAgent.Options(null, true, false));
    agent.close();
    assertTrue(win32.window.closed);
    win32.connectWaitMillis = 300;
    assertThrows(IOException.class, () -> win32.connect(PipeNames.OPENSSH_DEFAULT, ALICE_PID));
    agent.awaitClose();
  }

  @Test
  void offWindowsTheEntryPointRefusesWithoutTouchingWin32() {
    if (WindowsAgent.isWindows(System.getProperty("os.name"))) {
      return;
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                WindowsAgent.start(
                    new AgentWire.CountingBackend(),
                    new WindowsAgent.Options(null, true, false),
                    log::add));
    assertEquals("the Windows transports run on Windows only", e.getMessage());
  }

  @Test
  void theWin32LayerLoadsOnEveryOs() throws Exception {
    // JNA binds the DLLs only when a Windows call is made; loading the classes must work here.
    Class<?> c =
        Class.forName("io.github.jpki4j.agent.windows.JnaWin32", true, getClass().getClassLoader());
    assertTrue(Win32.class.isAssignableFrom(c));
    assertTrue(
        WindowsAgent.isWindows("Windows 11")
            && WindowsAgent.isWindows("Windows Server 2022")
            && !WindowsAgent.isWindows("Linux")
            && !WindowsAgent.isWindows("Mac OS X"));
  }

  private static void assertOneSentence(String m) {
    assertFalse(m.contains("\n"), m);
    assertFalse(m.matches(".*[.!?] [A-Z].*"), "one sentence: " + m);
  }
}
