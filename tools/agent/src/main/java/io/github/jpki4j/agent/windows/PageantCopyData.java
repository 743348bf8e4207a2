package io.github.jpki4j.agent.windows;

import io.github.jpki4j.agent.windows.Win32.FileMapping;
import io.github.jpki4j.agent.windows.Win32.MappedView;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Answers Pageant's original request channel, which PuTTY before 0.75 and many programs built on
 * its code (WinSCP, Tera Term, older plink and pscp, FileZilla…) still use: the client finds the
 * hidden window of class and title {@code Pageant}, writes its request ({@code uint32 length}, then
 * the message) at the start of a named file mapping of {@value #AGENT_MAX_MSGLEN} bytes, and sends
 * the window {@code WM_COPYDATA} with {@code dwData = 0x804e50ba} and the mapping's name, NUL
 * included, as {@code lpData}. The agent writes its reply over the request, in the same framing,
 * and answers 1; 0 means it did not answer.
 *
 * <p>What this class checks, as Pageant's {@code wm_copydata_WndProc} and {@code
 * answer_filemapping_message} do, before anything reaches the backend:
 *
 * <ol>
 *   <li>{@code dwData} is {@value #AGENT_COPYDATA_ID_HEX}; otherwise the message is not for us (0).
 *   <li>{@code lpData} ends with its NUL; the name before the first NUL is 1 to {@value
 *       #MAX_NAME_LENGTH} printable ASCII characters (PuTTY sends {@code PageantRequest%08x}).
 *       Otherwise 0, and no mapping is opened.
 *   <li>The mapping's owner is the user, or this process's default owner ({@link
 *       SidRules#mappingOwnerAllowed}); otherwise 0, and the mapping is never mapped: another
 *       user's process cannot make the agent sign through a mapping it owns.
 *   <li>The mapped region holds at least 5 bytes (a length and a type); otherwise 0.
 *   <li>The length field fits in the region and in {@value #AGENT_MAX_MSGLEN} bytes less its 4;
 *       otherwise the reply is {@code SSH_AGENT_FAILURE} without asking the backend, as Pageant
 *       does. A zero length, or a malformed message, gets {@code SSH_AGENT_FAILURE} too.
 *   <li>A reply that would not fit in the same room is replaced with {@code SSH_AGENT_FAILURE}.
 * </ol>
 *
 * <p>The request is copied out of the mapping once, before it is parsed, so a client that keeps
 * writing to the mapping cannot change what is parsed after it was checked. Requests go through the
 * same {@link AgentRequestHandler} as the pipes'. Runs on the window's thread, one message at a
 * time; any failure answers 0 and never ends the agent.
 */
final class PageantCopyData implements Win32.CopyDataHandler {
  /** Pageant's {@code AGENT_COPYDATA_ID}. */
  static final long AGENT_COPYDATA_ID = 0x804e50baL;

  static final String AGENT_COPYDATA_ID_HEX = "0x804e50ba";

  /**
   * Pageant's {@code AGENT_MAX_MSGLEN}: the size of the clients' mappings, length field included.
   */
  static final int AGENT_MAX_MSGLEN = 262144;

  /** The longest mapping name accepted, in bytes before the NUL. */
  static final int MAX_NAME_LENGTH = 255;

  private static final byte[] FAILURE_FRAME = {0, 0, 0, 1, 5};

  private final Win32 win32;
  private final AgentRequestHandler handler;
  private final String userSid;
  private final String processOwnerSid;
  private final Consumer<String> log;
  private final boolean verbose;

  PageantCopyData(
      Win32 win32,
      AgentRequestHandler handler,
      String userSid,
      String processOwnerSid,
      Consumer<String> log,
      boolean verbose) {
    this.win32 = win32;
    this.handler = handler;
    this.userSid = userSid;
    this.processOwnerSid = processOwnerSid;
    this.log = log;
    this.verbose = verbose;
  }

  @Override
  public long onCopyData(long dwData, long cbData, byte[] data) {
    try {
      return answer(dwData, cbData, data) ? 1 : 0;
    } catch (RuntimeException e) {
      log.accept("Pageant request failed: " + e);
      return 0;
    }
  }

  private boolean answer(long dwData, long cbData, byte[] data) {
    if (dwData != AGENT_COPYDATA_ID) {
      return false; // not ours: some other program's WM_COPYDATA
    }
    String name = mappingName(cbData, data);
    if (name == null) {
      debug("ignored a Pageant request whose mapping name is malformed");
      return false;
    }
    try (FileMapping mapping = win32.openFileMapping(name)) {
      String owner = mapping.ownerSid();
      if (!SidRules.mappingOwnerAllowed(owner, userSid, processOwnerSid)) {
        log.accept(
            "refused a Pageant request: its file mapping "
                + name
                + " belongs to "
                + owner
                + ", and only "
                + userSid
                + " may use this agent");
        return false;
      }
      MappedView view = mapping.map();
      long size = view.size();
      if (size < 5) {
        debug("ignored a Pageant request: its mapping holds " + size + " bytes");
        return false;
      }
      int room = (int) Math.min(size, AGENT_MAX_MSGLEN) - 4; // for the message after its length
      long length = Integer.toUnsignedLong(ByteBuffer.wrap(view.read(0, 4)).getInt());
      byte[] reply;
      if (length == 0 || length > room) {
        debug(
            "answered SSH_AGENT_FAILURE to a Pageant request of "
                + length
                + " bytes in a"
                + " mapping with room for "
                + room);
        reply = FAILURE_FRAME;
      } else {
        byte[] frame = new byte[4 + (int) length];
        ByteBuffer.wrap(frame).putInt((int) length);
        byte[] message = view.read(4, (int) length);
        System.arraycopy(message, 0, frame, 4, message.length);
        Arrays.fill(message, (byte) 0);
        reply = reply(frame, room);
      }
      view.write(0, reply);
      return true;
    } catch (IOException e) {
      debug("could not answer a Pageant request through " + name + ": " + e.getMessage());
      return false;
    }
  }

  // The request through the pipes' handler: one frame in, one frame out, within the room.
  private byte[] reply(byte[] frame, int room) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.serve(new ByteArrayInputStream(frame), out, new AgentCodec(room));
    } catch (AgentProtocolException e) {
      return FAILURE_FRAME; // not reached: the frame is whole and within the cap
    } catch (IOException e) {
      throw new IllegalStateException("in-memory streams do not fail", e);
    } finally {
      Arrays.fill(frame, (byte) 0);
    }
    byte[] reply = out.toByteArray();
    return reply.length >= 5 ? reply : FAILURE_FRAME;
  }

  /** The name in {@code lpData}: NUL-terminated printable ASCII, else {@code null}. */
  static String mappingName(long cbData, byte[] data) {
    if (cbData < 2
        || cbData > MAX_NAME_LENGTH + 1
        || data.length != cbData
        || data[data.length - 1] != 0) {
      return null;
    }
    StringBuilder name = new StringBuilder();
    for (byte b : data) {
      if (b == 0) {
        break;
      }
      if (b < 0x20 || b > 0x7E) {
        return null;
      }
      name.append((char) b);
    }
    return name.length() == 0 ? null : name.toString();
  }

  private void debug(String line) {
    if (verbose) {
      log.accept(line);
    }
  }
}
