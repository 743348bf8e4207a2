package io.github.jpki4j.ssh.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The ssh-agent framing: every message travels as {@code uint32 length} followed by that many
 * payload bytes (type byte and body). Reads enforce a size cap before allocating, so a hostile
 * length costs nothing.
 *
 * <p>What a reader sees:
 *
 * <ul>
 *   <li>end of stream before the first byte of a frame: a clean end, {@link Optional#empty()};
 *   <li>end of stream inside a frame, a zero length, or a length above the cap: {@link
 *       AgentProtocolException}, after which the stream is out of step and should be closed;
 *   <li>an I/O failure of the stream: its {@link IOException}.
 * </ul>
 *
 * <p>Stateless apart from the cap; safe to share between threads (each stream needs its own reader,
 * of course).
 */
public final class AgentCodec {
  /** The default cap, 256 KiB, OpenSSH's {@code AGENT_MAX_LEN}. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 256 * 1024;

  private final int maxMessageLength;

  /** A codec with the default cap of 256 KiB. */
  public AgentCodec() {
    this(DEFAULT_MAX_MESSAGE_LENGTH);
  }

  /**
   * A codec with another cap.
   *
   * @param maxMessageLength the largest payload accepted or written, in bytes
   * @throws IllegalArgumentException if not positive
   */
  public AgentCodec(int maxMessageLength) {
    if (maxMessageLength < 1) {
      throw new IllegalArgumentException("cap must be positive: " + maxMessageLength);
    }
    this.maxMessageLength = maxMessageLength;
  }

  /** The largest payload accepted or written, in bytes. */
  public int maxMessageLength() {
    return maxMessageLength;
  }

  /**
   * Reads one frame and returns its payload.
   *
   * @return the payload, or empty if the stream ended cleanly before the frame began
   * @throws AgentProtocolException if the length is zero or above the cap, or the stream ends
   *     inside the frame
   * @throws IOException if reading fails
   */
  public Optional<byte[]> readFrame(InputStream in) throws IOException {
    byte[] header = in.readNBytes(4);
    if (header.length == 0) {
      return Optional.empty();
    }
    if (header.length < 4) {
      throw new AgentProtocolException(
          "stream ended inside a message length (" + header.length + " of 4 bytes)");
    }
    long len =
        (header[0] & 0xFFL) << 24
            | (header[1] & 0xFF) << 16
            | (header[2] & 0xFF) << 8
            | (header[3] & 0xFF);
    if (len == 0) {
      throw new AgentProtocolException("zero-length agent message");
    }
    if (len > maxMessageLength) {
      throw new AgentProtocolException(
          "agent message of " + len + " bytes exceeds the limit of " + maxMessageLength);
    }
    byte[] payload = in.readNBytes((int) len);
    if (payload.length < len) {
      throw new AgentProtocolException(
          "stream ended inside a message: got " + payload.length + " of " + len + " bytes");
    }
    return Optional.of(payload);
  }

  /**
   * Writes one frame, length and payload in a single write, and flushes.
   *
   * @throws IllegalArgumentException if the payload is empty or above the cap
   * @throws IOException if writing fails
   */
  public void writeFrame(OutputStream out, byte[] payload) throws IOException {
    if (payload.length == 0 || payload.length > maxMessageLength) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes is outside 1.." + maxMessageLength);
    }
    int n = payload.length;
    byte[] frame = new byte[4 + n];
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    System.arraycopy(payload, 0, frame, 4, n);
    out.write(frame);
    out.flush();
  }

  /**
   * Server side: reads and decodes the next request.
   *
   * @return the request, or empty if the client closed the stream between messages
   * @throws AgentProtocolException on a framing error (see {@link #readFrame}) or a malformed body
   *     (see {@link AgentRequest#decode})
   * @throws IOException if reading fails
   */
  public Optional<AgentRequest> readRequest(InputStream in) throws IOException {
    Optional<byte[]> frame = readFrame(in);
    return frame.isEmpty() ? Optional.empty() : Optional.of(AgentRequest.decode(frame.get()));
  }

  /**
   * Server side: writes a reply.
   *
   * @throws IllegalArgumentException if the encoded reply is above the cap
   * @throws IOException if writing fails
   */
  public void writeReply(OutputStream out, AgentReply reply) throws IOException {
    writeFrame(out, reply.encode());
  }

  /**
   * Client side: writes a request.
   *
   * @throws IllegalArgumentException if the encoded request is above the cap
   * @throws IOException if writing fails
   */
  public void writeRequest(OutputStream out, AgentRequest request) throws IOException {
    writeFrame(out, request.encode());
  }

  /**
   * Client side: reads and decodes the reply to a request; the agent must not close the stream
   * before answering.
   *
   * @throws AgentProtocolException if the stream ends before the reply, on a framing error, or if
   *     the reply is malformed (see {@link AgentReply#decode})
   * @throws IOException if reading fails
   */
  public AgentReply readReply(InputStream in) throws IOException {
    byte[] payload =
        readFrame(in)
            .orElseThrow(
                () -> new AgentProtocolException("agent closed the connection without replying"));
    return AgentReply.decode(payload);
  }
}
