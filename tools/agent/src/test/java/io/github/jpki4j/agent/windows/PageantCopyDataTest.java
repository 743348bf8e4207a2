package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.windows.AgentWire.CountingBackend;
import io.github.jpki4j.agent.windows.FakeWin32.FakeMapping;
import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pageant's window channel as PuTTY's old client code, WinSCP and Tera Term use it, and as a
 * hostile process on the same desktop might: a WM_COPYDATA naming a file mapping. The result (1
 * answered, 0 not) and what ends up in the mapping are what such a client sees.
 */
class PageantCopyDataTest {
  private static final byte[] FAILURE = {0, 0, 0, 1, 5};

  private final FakeWin32 win32 = new FakeWin32();
  private final CountingBackend backend = new CountingBackend();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void window() {
    PageantCopyData handler =
        new PageantCopyData(
            win32,
            new AgentRequestHandler(backend),
            FakeWin32.ALICE,
            FakeWin32.ADMINISTRATORS,
            log::add,
            true);
    win32.createMessageWindow("Pageant", "Pageant", handler);
  }

  private static byte[] listQuery() {
    return AgentWire.frame(new AgentRequest.RequestIdentities());
  }

  /** A mapping named {@code name}, owned by {@code owner}, holding {@code content} at 0. */
  private FakeMapping mapping(String name, String owner, int size, byte[] content) {
    FakeMapping m = new FakeMapping(owner, size);
    m.put(0, content);
    win32.mappings.put(name, m);
    return m;
  }

  private long send(String name) {
    return win32.sendCopyData(PageantCopyData.AGENT_COPYDATA_ID, FakeWin32.nulTerminated(name));
  }

  @Test
  void puttysQueryIsAnsweredInItsOwnMapping() throws Exception {
    byte[] reply = win32.puttyQuery(listQuery(), FakeWin32.ALICE);
    assertNotNull(reply, "PuTTY accepts the answer");
    AgentReply.IdentitiesAnswer answer =
        assertInstanceOf(AgentReply.IdentitiesAnswer.class, AgentWire.decodeFramed(reply));
    assertArrayEquals(CountingBackend.KEY, answer.identities().get(0).keyBlob().toByteArray());
  }

  @Test
  void aMappingOwnedByTheProcessDefaultOwnerIsAcceptedAsPageantDoes() throws Exception {
    // Pageant before 0.61, and clients built on its code, made their mappings with the process's
    // default owner, which for an elevated process is BUILTIN\Administrators.
    byte[] reply = win32.puttyQuery(listQuery(), FakeWin32.ADMINISTRATORS);
    assertInstanceOf(AgentReply.IdentitiesAnswer.class, AgentWire.decodeFramed(reply));
  }

  @Test
  void aMappingOfAnotherUserIsNeverMappedNorAnswered() {
    FakeMapping m = mapping("PageantRequest00000001", FakeWin32.MALLORY, 8192, listQuery());
    assertEquals(0, send("PageantRequest00000001"));
    assertFalse(m.mapped.get(), "the view is never mapped");
    assertTrue(m.closed.get(), "the handle is closed");
    assertArrayEquals(listQuery(), Arrays.copyOf(m.memory, listQuery().length), "untouched");
    assertEquals(0, backend.calls.get());
    assertTrue(
        log.stream().anyMatch(l -> l.contains("belongs to " + FakeWin32.MALLORY)), log::toString);
  }

  @Test
  void aMessageWithAnotherIdIsNotOurs() {
    mapping("PageantRequest00000001", FakeWin32.ALICE, 8192, listQuery());
    assertEquals(
        0, win32.sendCopyData(0x804e50bbL, FakeWin32.nulTerminated("PageantRequest00000001")));
    // a 64-bit dwData whose low half matches is not the id either
    assertEquals(
        0, win32.sendCopyData(0x1_804e50baL, FakeWin32.nulTerminated("PageantRequest00000001")));
    assertEquals(List.of(), win32.mappingOpens);
  }

  @Test
  void aNameWithoutItsNulOrOutsidePrintableAsciiOpensNothing() {
    mapping("PageantRequest00000001", FakeWin32.ALICE, 8192, listQuery());
    long id = PageantCopyData.AGENT_COPYDATA_ID;
    assertEquals(0, win32.sendCopyData(id, "PageantRequest00000001".getBytes()));
    assertEquals(0, win32.sendCopyData(id, new byte[0]));
    assertEquals(0, win32.sendCopyData(id, new byte[] {0}));
    assertEquals(0, win32.sendCopyData(id, new byte[] {'P', 'a', '\n', 'x', 0}));
    assertEquals(0, win32.sendCopyData(id, new byte[] {'P', (byte) 0xE3, (byte) 0x81, 0}));
    assertEquals(0, win32.sendCopyData(id, FakeWin32.nulTerminated("P".repeat(256))));
    assertEquals(0, win32.sendCopyData(id, new byte[5000]));
    assertEquals(List.of(), win32.mappingOpens);
  }

  @Test
  void bytesAfterTheFirstNulAreIgnoredAsInC() throws Exception {
    mapping("PageantRequest00000001", FakeWin32.ALICE, 8192, listQuery());
    byte[] data = Arrays.copyOf("PageantRequest00000001\0junk\0".getBytes(), 28);
    assertEquals(1, win32.sendCopyData(PageantCopyData.AGENT_COPYDATA_ID, data));
    assertEquals(List.of("PageantRequest00000001"), win32.mappingOpens);
  }

  @Test
  void aMappingThatDoesNotExistIsNotAnswered() {
    assertEquals(0, send("PageantRequestdeadbeef"));
  }

  @Test
  void aMappingTooSmallForAnyRequestIsNotAnswered() {
    FakeMapping m = mapping("tiny", FakeWin32.ALICE, 4, new byte[] {0, 0, 0, 1});
    assertEquals(0, send("tiny"));
    assertEquals(0, backend.calls.get());
    assertArrayEquals(new byte[] {0, 0, 0, 1}, m.memory);
  }

  @Test
  void aLengthBeyondTheMappingGetsFailureWithoutReachingTheBackend() throws Exception {
    FakeMapping m =
        mapping("short", FakeWin32.ALICE, 64, new byte[] {0, 0, 0, 61, 11}); // 61 > 64 - 4
    assertEquals(1, send("short"));
    assertArrayEquals(FAILURE, Arrays.copyOf(m.memory, 5));
    assertEquals(0, backend.calls.get());
  }

  @Test
  void aLengthBeyondAgentMaxMsglenGetsFailureEvenInAHugeMapping() throws Exception {
    int length = PageantCopyData.AGENT_MAX_MSGLEN - 3; // room is AGENT_MAX_MSGLEN - 4
    byte[] request = new byte[4 + length];
    ByteBuffer.wrap(request).putInt(length).put((byte) 11);
    FakeMapping m = mapping("huge", FakeWin32.ALICE, 1 << 20, request);
    assertEquals(1, send("huge"));
    assertArrayEquals(FAILURE, Arrays.copyOf(m.memory, 5));
    assertEquals(0, backend.calls.get());
  }

  @Test
  void aLengthOfFFFFFFFFGetsFailure() {
    FakeMapping m =
        mapping(
            "hostile",
            FakeWin32.ALICE,
            8192,
            new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 11});
    assertEquals(1, send("hostile"));
    assertArrayEquals(FAILURE, Arrays.copyOf(m.memory, 5));
  }

  @Test
  void anEmptyOrMalformedMessageGetsFailureAndTheNextQueryIsServed() throws Exception {
    FakeMapping empty = mapping("empty", FakeWin32.ALICE, 8192, new byte[] {0, 0, 0, 0, 11});
    assertEquals(1, send("empty"));
    assertArrayEquals(FAILURE, Arrays.copyOf(empty.memory, 5));
    // SIGN_REQUEST cut short: its key blob claims 1000 bytes
    FakeMapping cut =
        mapping(
            "cut", FakeWin32.ALICE, 8192, new byte[] {0, 0, 0, 6, 13, 0, 0, 0x03, (byte) 0xE8, 1});
    assertEquals(1, send("cut"));
    assertArrayEquals(FAILURE, Arrays.copyOf(cut.memory, 5));
    assertEquals(0, backend.calls.get());
    assertInstanceOf(
        AgentReply.IdentitiesAnswer.class,
        AgentWire.decodeFramed(win32.puttyQuery(listQuery(), FakeWin32.ALICE)));
  }

  @Test
  void aReplyTooBigForTheMappingIsReplacedWithFailure() throws Exception {
    backend.keys = 100; // an IDENTITIES_ANSWER of about 3 KB
    FakeMapping m = mapping("small", FakeWin32.ALICE, 256, listQuery());
    assertEquals(1, send("small"));
    assertArrayEquals(FAILURE, Arrays.copyOf(m.memory, 5));
  }

  @Test
  void theReplyIsWhatPuttysClientReadsBack() throws Exception {
    // PuTTY reads the length at 0 and takes that many bytes after it, no more
    byte[] reply =
        win32.puttyQuery(
            AgentWire.frame(
                new AgentRequest.SignRequest(
                    Bytes.of(CountingBackend.KEY), Bytes.of(new byte[] {1, 2, 3}), 4)),
            FakeWin32.ALICE);
    AgentReply.SignResponse sign =
        assertInstanceOf(AgentReply.SignResponse.class, AgentWire.decodeFramed(reply));
    assertEquals(10, sign.signatureBlob().length());
  }

  @Test
  void aClientNeverAnsweredGetsNullFromItsOwnCheck() {
    win32.mappings.clear();
    assertNull(win32.puttyQuery(listQuery(), FakeWin32.MALLORY));
  }
}
