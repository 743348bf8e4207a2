package io.github.jpki4j.agent.windows.fuzz;

import static io.github.jpki4j.agent.windows.PageantFuzzAccess.AGENT_COPYDATA_ID;
import static io.github.jpki4j.agent.windows.PageantFuzzAccess.AGENT_MAX_MSGLEN;
import static io.github.jpki4j.agent.windows.PageantFuzzAccess.MAPPING;
import static io.github.jpki4j.agent.windows.PageantFuzzAccess.OTHER_USER;
import static io.github.jpki4j.agent.windows.PageantFuzzAccess.PROCESS_OWNER;
import static io.github.jpki4j.agent.windows.PageantFuzzAccess.USER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.agent.windows.PageantFuzzAccess;
import io.github.jpki4j.agent.windows.PageantFuzzAccess.Outcome;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentReply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Pageant's window channel (the Windows agent's {@code PageantCopyData}) as any process on the same
 * desktop can drive it: any {@code dwData}, any {@code lpData}, a file mapping of any size and
 * owner, or none, holding any bytes.
 *
 * <p>Invariants: the window procedure answers 0 or 1 and its last-resort guard against unchecked
 * exceptions never fires; 1 only for Pageant's id, a well-formed mapping name and a mapping of the
 * user or of this process's default owner, and then the mapping starts with a reply frame that fits
 * the mapping and that a client can decode; another user's mapping is never mapped; every mapping
 * opened is closed; a message answered 0 leaves the mapping as it was; a request framed beyond its
 * room reaches no backend.
 *
 * <p>Input: byte 0 holds flags (absent: all 0). Bit 0: {@code dwData} is not Pageant's id but the
 * next 8 bytes. Bit 1: {@code lpData} is not {@code PageantRequest00000001\0} but the next 2 bytes'
 * count (mod 2048) of bytes. Bits 2–3: the mapping's owner: the user, the process's default owner,
 * another user, no mapping. Bits 4–6: its size: the content's, 64 bytes more, {@code
 * AGENT_MAX_MSGLEN}, 4, 5, 0, {@code AGENT_MAX_MSGLEN} + 4096, one byte less. The rest is the
 * mapping's content from offset 0 (a request: {@code uint32 length}, then the message).
 */
class PageantCopyDataFuzzTest {
  private static final byte[] FAILURE = {0, 0, 0, 1, 5};

  @FuzzTest
  void copyData(byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input);
    int flags = in.hasRemaining() ? in.get() & 0xFF : 0;
    long dwData = (flags & 1) != 0 ? longOrZero(in) : AGENT_COPYDATA_ID;
    byte[] lpData =
        (flags & 2) != 0
            ? take(in, in.remaining() >= 2 ? in.getShort() & 0x7FF : 0)
            : PageantFuzzAccess.nulTerminated(MAPPING);
    String owner =
        switch ((flags >> 2) & 3) {
          case 0 -> USER;
          case 1 -> PROCESS_OWNER;
          case 2 -> OTHER_USER;
          default -> null;
        };
    byte[] content = take(in, in.remaining());
    int size =
        switch ((flags >> 4) & 7) {
          case 0 -> content.length;
          case 1 -> content.length + 64;
          case 2 -> AGENT_MAX_MSGLEN;
          case 3 -> 4;
          case 4 -> 5;
          case 5 -> 0;
          case 6 -> AGENT_MAX_MSGLEN + 4096;
          default -> Math.max(0, content.length - 1);
        };

    Outcome out = PageantFuzzAccess.copyData(dwData, lpData, owner, size, content);

    for (String line : out.log()) {
      assertFalse(line.startsWith("Pageant request failed"), "an unchecked exception: " + line);
    }
    assertTrue(out.result() == 0 || out.result() == 1, "LRESULT " + out.result());
    assertTrue(out.backendCalls() <= 1, out.backendCalls() + " backend calls for one request");
    if (OTHER_USER.equals(owner)) {
      assertFalse(out.mapped(), "another user's mapping was mapped");
    }
    if (out.opened() && owner != null) {
      assertTrue(out.closed(), "the mapping's handle was left open");
    }
    byte[] before = owner == null ? null : Arrays.copyOf(content, size); // the mapping as sent
    if (out.result() == 0) {
      if (owner != null) {
        assertArrayEquals(before, out.memory(), "a message answered 0 wrote to the mapping");
      }
      return;
    }
    assertEquals(AGENT_COPYDATA_ID, dwData, "answered a message with another id");
    assertTrue(USER.equals(owner) || PROCESS_OWNER.equals(owner), "answered through " + owner);
    assertEquals(
        MAPPING,
        new String(lpData, 0, indexOfNul(lpData), StandardCharsets.ISO_8859_1),
        "answered through a mapping it was not named");
    byte[] memory = out.memory();
    int room = Math.min(size, AGENT_MAX_MSGLEN) - 4;
    long replyLength = Integer.toUnsignedLong(ByteBuffer.wrap(memory, 0, 4).getInt());
    assertTrue(replyLength > 0 && replyLength <= room, "a reply of " + replyLength + " in " + room);
    byte[] reply = Arrays.copyOfRange(memory, 4, 4 + (int) replyLength);
    try {
      AgentReply.decode(reply);
    } catch (AgentProtocolException e) {
      fail("the reply in the mapping does not decode: " + e.getMessage());
    }
    long requestLength = Integer.toUnsignedLong(ByteBuffer.wrap(before, 0, 4).getInt());
    if (requestLength == 0 || requestLength > room) {
      assertEquals(0, out.backendCalls(), "a request framed beyond its room reached the backend");
      assertArrayEquals(FAILURE, Arrays.copyOf(memory, FAILURE.length));
    }
  }

  private static long longOrZero(ByteBuffer in) {
    return in.remaining() >= 8 ? in.getLong() : 0;
  }

  private static byte[] take(ByteBuffer in, int count) {
    byte[] b = new byte[Math.min(count, in.remaining())];
    in.get(b);
    return b;
  }

  private static int indexOfNul(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return b.length;
  }
}
