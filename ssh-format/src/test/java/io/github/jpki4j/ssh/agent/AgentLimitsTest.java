package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.SshWriter;
import io.github.jpki4j.ssh.agent.AgentReply.Failure;
import io.github.jpki4j.ssh.agent.AgentReply.SignResponse;
import io.github.jpki4j.ssh.agent.AgentReply.Success;
import io.github.jpki4j.ssh.agent.AgentRequest.LockRequest;
import io.github.jpki4j.ssh.agent.AgentRequest.RemoveIdentity;
import io.github.jpki4j.ssh.agent.AgentRequest.SignRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's size limits and what it owes its client at them: a reply exactly at the cap is sent,
 * one byte more becomes SSH_AGENT_FAILURE and is reported; every frame is flushed; an identity
 * count the body cannot hold is refused before anything is allocated for it.
 */
class AgentLimitsTest {
  private static final byte[] KEY = {1, 2, 3};

  /** Signs with a signature of the length it is told. */
  private static final class SizedBackend implements AgentBackend {
    final int signatureLength;
    final List<String> calls = new ArrayList<>();

    SizedBackend(int signatureLength) {
      this.signatureLength = signatureLength;
    }

    @Override
    public List<Identity> identities() {
      return List.of(new Identity(Bytes.of(KEY), "k"));
    }

    @Override
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) {
      return new byte[signatureLength];
    }

    @Override
    public void remove(byte[] keyBlob) {
      calls.add("remove " + keyBlob.length);
    }

    @Override
    public void lock(byte[] passphrase) {
      calls.add("lock");
    }

    @Override
    public void unlock(byte[] passphrase) {
      calls.add("unlock");
    }
  }

  private static byte[] served(
      AgentBackend backend, int cap, List<String> reports, AgentRequest... requests)
      throws Exception {
    AgentCodec codec = new AgentCodec(cap);
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    for (AgentRequest r : requests) {
      codec.writeRequest(in, r);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AgentRequestHandler(backend, (what, e) -> reports.add(what + ": " + e.getMessage()))
        .serve(new ByteArrayInputStream(in.toByteArray()), out, codec);
    return out.toByteArray();
  }

  @Test
  void aReplyExactlyAtTheCapIsSent() throws Exception {
    List<String> reports = new ArrayList<>();
    // SIGN_RESPONSE: type byte, uint32 length, the blob: 1 + 4 + 59 = 64
    byte[] out =
        served(
            new SizedBackend(59),
            64,
            reports,
            new SignRequest(Bytes.of(KEY), Bytes.of(new byte[] {1}), 4));
    AgentReply reply = new AgentCodec(64).readReply(new ByteArrayInputStream(out));
    assertEquals(new SignResponse(Bytes.of(new byte[59])), reply);
    assertEquals(List.of(), reports);
  }

  @Test
  void aReplyOverTheCapIsAFailureAndIsReported() throws Exception {
    List<String> reports = new ArrayList<>();
    byte[] out =
        served(
            new SizedBackend(60),
            64,
            reports,
            new SignRequest(Bytes.of(KEY), Bytes.of(new byte[] {1}), 4));
    assertEquals(new Failure(), new AgentCodec(64).readReply(new ByteArrayInputStream(out)));
    assertEquals(1, reports.size());
    assertTrue(
        reports.get(0).endsWith("reply of 65 bytes exceeds the limit of 64"), reports.get(0));
  }

  @Test
  void removingAKeyAndLockingSucceedWhenTheBackendAgrees() throws Exception {
    SizedBackend backend = new SizedBackend(1);
    AgentRequestHandler h = new AgentRequestHandler(backend);
    assertEquals(new Success(), h.handle(new RemoveIdentity(Bytes.of(KEY))));
    assertEquals(new Success(), h.handle(LockRequest.lock(new byte[] {'p'})));
    assertEquals(new Success(), h.handle(LockRequest.unlock(new byte[] {'p'})));
    assertEquals(List.of("remove 3", "lock", "unlock"), backend.calls);
  }

  @Test
  void everyFrameIsFlushed() throws Exception {
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FilterOutputStream out =
        new FilterOutputStream(sink) {
          @Override
          public void write(byte[] b, int off, int len) {
            events.add("write " + len);
            sink.write(b, off, len);
          }

          @Override
          public void flush() {
            events.add("flush");
          }
        };
    new AgentCodec().writeFrame(out, new byte[] {5});
    new AgentCodec().writeReply(out, new Success());
    assertEquals(List.of("write 5", "flush", "write 5", "flush"), events);
    assertArrayEquals(new byte[] {0, 0, 0, 1, 5, 0, 0, 0, 1, 6}, sink.toByteArray());
  }

  @Test
  void aFrameOver64KiBCarriesItsWholeLength() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AgentCodec().writeFrame(out, new byte[0x012345]);
    byte[] frame = out.toByteArray();
    assertArrayEquals(new byte[] {0, 0x01, 0x23, 0x45}, java.util.Arrays.copyOf(frame, 4));
    assertEquals(
        0x012345, new AgentCodec().readFrame(new ByteArrayInputStream(frame)).orElseThrow().length);
  }

  @Test
  void theSmallestCapIsOneByte() throws Exception {
    AgentCodec one = new AgentCodec(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    one.writeFrame(out, new byte[] {11});
    assertThrows(IllegalArgumentException.class, () -> one.writeFrame(out, new byte[2]));
    assertThrows(IllegalArgumentException.class, () -> new AgentCodec(0));
  }

  @Test
  void anIdentityCountTheBodyCannotHoldIsRefusedUpFront() {
    // 2 identities claimed, 15 bytes left: each takes at least 8, so at most 1 fits
    byte[] payload =
        new SshWriter()
            .writeByte(12)
            .writeUint32(2)
            .writeString(new byte[] {1, 2, 3})
            .writeString("abcd")
            .toByteArray();
    AgentProtocolException e =
        assertThrows(AgentProtocolException.class, () -> AgentReply.decode(payload));
    assertEquals("IDENTITIES_ANSWER claims 2 keys in 15 bytes", e.getMessage());
    byte[] huge = new SshWriter().writeByte(12).writeUint32(0x7FFFFFFF).toByteArray();
    assertEquals(
        "IDENTITIES_ANSWER claims 2147483647 keys in 0 bytes",
        assertThrows(AgentProtocolException.class, () -> AgentReply.decode(huge)).getMessage());
  }
}
