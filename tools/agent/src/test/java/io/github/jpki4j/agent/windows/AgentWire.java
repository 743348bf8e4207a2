package io.github.jpki4j.agent.windows;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What a client puts on the wire, and a backend that only counts what reaches it. */
final class AgentWire {
  private static final AgentCodec CODEC = new AgentCodec();

  private AgentWire() {}

  /** One request, framed: {@code uint32 length}, then the message. */
  static byte[] frame(AgentRequest request) {
    return frame(request.encode());
  }

  static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  /** Sends a request and reads its reply, as ssh-add does. */
  static AgentReply call(FakeWin32.Client client, AgentRequest request) throws IOException {
    CODEC.writeRequest(client.out, request);
    return CODEC.readReply(client.in);
  }

  /** Reads one reply. */
  static AgentReply reply(InputStream in) throws IOException {
    return CODEC.readReply(in);
  }

  /** Decodes a framed reply (length field included). */
  static AgentReply decodeFramed(byte[] framed) throws IOException {
    int length = ByteBuffer.wrap(framed).getInt();
    return AgentReply.decode(Arrays.copyOfRange(framed, 4, 4 + length));
  }

  /** A backend with one made-up key, counting the calls that reach it. */
  static final class CountingBackend implements AgentBackend {
    static final byte[] KEY = {0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a', 0, 0, 0, 1, 3};
    final AtomicInteger calls = new AtomicInteger();
    volatile int keys = 1;

    @Override
    public List<Identity> identities() {
      calls.incrementAndGet();
      Identity one = new Identity(Bytes.of(KEY), "made up");
      return java.util.Collections.nCopies(keys, one);
    }

    @Override
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) {
      calls.incrementAndGet();
      return new byte[] {0, 0, 0, 1, 'x', 0, 0, 0, 1, 1};
    }
  }
}
