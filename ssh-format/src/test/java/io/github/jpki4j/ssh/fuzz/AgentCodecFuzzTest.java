package io.github.jpki4j.ssh.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import io.github.jpki4j.ssh.agent.AgentSignFlags;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.ssh.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an ssh-agent client sends (any process of the user's that can reach the socket), and what an
 * agent answers to a client: the framing, request bodies, reply bodies, and the request/reply loop
 * of {@link AgentRequestHandler#serve}. Decoding fails only with {@link AgentProtocolException};
 * whatever decodes encodes back to the same message; the loop answers every intact frame with a
 * reply a client can decode, and stops only at a framing error.
 */
class AgentCodecFuzzTest {
  // a small cap, so that the fuzzer reaches "over the cap" with short inputs
  private static final int CAP = 4096;
  private static final KeyPair PAIR = FuzzKey.pair();
  private static final RsaSshPublicKey KEY = RsaSshPublicKey.of((RSAPublicKey) PAIR.getPublic());

  /** A request payload (type byte and body), as {@code AgentRequest.decode} gets it. */
  @FuzzTest
  void requestPayload(byte[] payload) {
    AgentRequest request;
    try {
      request = AgentRequest.decode(payload);
    } catch (AgentProtocolException expected) {
      return;
    }
    assertEquals(payload[0] & 0xFF, request.type());
    if (request instanceof AgentRequest.Unsupported) {
      return; // the body is never read
    }
    assertArrayEquals(payload, request.encode(), "decode and encode disagree on " + request);
    assertNotNull(request.toString()); // toString must not throw on any decoded input
  }

  /** A reply payload, as a client ({@code jpki} talking to an agent) decodes it. */
  @FuzzTest
  void replyPayload(byte[] payload) {
    AgentReply reply;
    try {
      reply = AgentReply.decode(payload);
    } catch (AgentProtocolException expected) {
      return;
    }
    assertArrayEquals(payload, reply.encode(), "decode and encode disagree on " + reply);
  }

  /** A whole connection's bytes, served by a handler over a backend that signs with a JDK key. */
  @FuzzTest
  void serve(byte[] stream) throws IOException {
    AgentCodec codec = new AgentCodec(CAP);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AgentRequestHandler handler = new AgentRequestHandler(new JdkKeyBackend());
    boolean framingError = false;
    try {
      handler.serve(new ByteArrayInputStream(stream), out, codec);
    } catch (AgentProtocolException e) {
      framingError = true;
    }
    // one reply per intact frame, each one a client can decode
    int frames = countFrames(stream, framingError);
    InputStream replies = new ByteArrayInputStream(out.toByteArray());
    for (int i = 0; i < frames; i++) {
      AgentReply reply;
      try {
        reply = codec.readReply(replies);
      } catch (SshFormatException e) {
        throw new AssertionError("reply " + i + " cannot be decoded: " + e.getMessage(), e);
      }
      if (reply instanceof AgentReply.SignResponse s) {
        checkSignatureBlob(s.signatureBlob().toByteArray());
      }
    }
    assertEquals(-1, replies.read(), "more replies than requests");
  }

  /** A framed stream read frame by frame: payloads, a clean end, or AgentProtocolException. */
  @FuzzTest
  void frames(byte[] stream) throws IOException {
    AgentCodec codec = new AgentCodec(CAP);
    InputStream in = new ByteArrayInputStream(stream);
    int consumed = 0;
    try {
      for (Optional<byte[]> f; (f = codec.readFrame(in)).isPresent(); ) {
        byte[] payload = f.get();
        assertTrue(payload.length >= 1 && payload.length <= CAP);
        assertArrayEquals(
            Arrays.copyOfRange(stream, consumed + 4, consumed + 4 + payload.length), payload);
        consumed += 4 + payload.length;
      }
      assertEquals(stream.length, consumed, "a clean end only at a frame boundary");
    } catch (AgentProtocolException expected) {
      // zero length, over the cap, or cut inside a frame
    }
  }

  // the frames AgentCodec reads before the first framing error (or the end)
  private static int countFrames(byte[] s, boolean endsInError) {
    int n = 0;
    int at = 0;
    while (s.length - at >= 4) {
      long len =
          ((s[at] & 0xFFL) << 24)
              | ((s[at + 1] & 0xFF) << 16)
              | ((s[at + 2] & 0xFF) << 8)
              | (s[at + 3] & 0xFF);
      if (len == 0 || len > CAP || s.length - at - 4 < len) {
        assertTrue(endsInError, "a broken frame must end the loop with AgentProtocolException");
        return n;
      }
      n++;
      at += 4 + (int) len;
    }
    assertEquals(at != s.length, endsInError, "a stream cut inside a length is a framing error");
    return n;
  }

  private static void checkSignatureBlob(byte[] blob) {
    try {
      SshSignature sig = SshSignature.parse(blob);
      assertEquals(KEY.modulusLength(), sig.rawSignature().length);
    } catch (SshFormatException e) {
      throw new AssertionError("the agent answered a malformed signature", e);
    }
  }

  /** The key of {@link FuzzKey}; signs what it is asked to, as the card would. */
  private static final class JdkKeyBackend implements AgentBackend {
    @Override
    public List<Identity> identities() {
      return List.of(Identity.of(KEY, "fuzz"));
    }

    @Override
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
      RsaSshPublicKey asked;
      try {
        asked = RsaSshPublicKey.fromBlob(keyBlob);
      } catch (SshFormatException e) {
        throw new AgentRefusedException("not a key: " + e.getMessage());
      }
      if (!asked.equals(KEY)) {
        throw new AgentRefusedException("not our key");
      }
      SshSignatureAlgorithm alg =
          (flags & AgentSignFlags.RSA_SHA2_512) != 0
              ? SshSignatureAlgorithm.RSA_SHA2_512
              : (flags & AgentSignFlags.RSA_SHA2_256) != 0
                  ? SshSignatureAlgorithm.RSA_SHA2_256
                  : SshSignatureAlgorithm.SSH_RSA;
      byte[] raw = TestKeys.sign(PAIR.getPrivate(), alg, data);
      return SshSignature.of(alg, raw, KEY).blob();
    }
  }
}
