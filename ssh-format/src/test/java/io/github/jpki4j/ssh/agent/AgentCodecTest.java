package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.agent.AgentReply.ExtensionFailure;
import io.github.jpki4j.ssh.agent.AgentReply.Failure;
import io.github.jpki4j.ssh.agent.AgentReply.IdentitiesAnswer;
import io.github.jpki4j.ssh.agent.AgentReply.SignResponse;
import io.github.jpki4j.ssh.agent.AgentReply.Success;
import io.github.jpki4j.ssh.agent.AgentRequest.Extension;
import io.github.jpki4j.ssh.agent.AgentRequest.LockRequest;
import io.github.jpki4j.ssh.agent.AgentRequest.RemoveAllIdentities;
import io.github.jpki4j.ssh.agent.AgentRequest.RemoveIdentity;
import io.github.jpki4j.ssh.agent.AgentRequest.RequestIdentities;
import io.github.jpki4j.ssh.agent.AgentRequest.SignRequest;
import io.github.jpki4j.ssh.agent.AgentRequest.Unsupported;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgentCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private final AgentCodec codec = new AgentCodec();

  static final List<AgentRequest> REQUESTS =
      List.of(
          new RequestIdentities(),
          new SignRequest(
              Bytes.of(new byte[] {1, 2, 3}),
              Bytes.of(new byte[] {4, 5}),
              AgentSignFlags.RSA_SHA2_512),
          new SignRequest(Bytes.of(), Bytes.of(), 0xFFFFFFFF),
          new RemoveIdentity(Bytes.of(new byte[] {9})),
          new RemoveAllIdentities(),
          LockRequest.lock("secret".getBytes()),
          LockRequest.unlock(new byte[0]),
          new Extension("session-bind@openssh.com", Bytes.of(new byte[] {0, 0, 0, 1, 7})),
          new Extension("query", Bytes.of()),
          new Unsupported(17),
          new Unsupported(200));

  static final List<AgentReply> REPLIES =
      List.of(
          new Success(),
          new Failure(),
          new ExtensionFailure(),
          new SignResponse(Bytes.of(new byte[] {1, 2})),
          new IdentitiesAnswer(List.of()),
          new IdentitiesAnswer(
              List.of(
                  new Identity(Bytes.of(new byte[] {1}), "one"),
                  new Identity(Bytes.of(new byte[] {2, 2}), "二つ"))));

  @Test
  void requestsRoundTripThroughFrames() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (AgentRequest r : REQUESTS) {
      codec.writeRequest(out, r);
    }
    InputStream in = new ByteArrayInputStream(out.toByteArray());
    for (AgentRequest r : REQUESTS) {
      assertEquals(Optional.of(r), codec.readRequest(in));
    }
    assertEquals(Optional.empty(), codec.readRequest(in), "clean end between messages");
  }

  @Test
  void repliesRoundTripThroughFrames() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (AgentReply r : REPLIES) {
      codec.writeReply(out, r);
    }
    InputStream in = new ByteArrayInputStream(out.toByteArray());
    for (AgentReply r : REPLIES) {
      assertEquals(r, codec.readReply(in));
    }
    AgentProtocolException e =
        assertThrows(AgentProtocolException.class, () -> codec.readReply(in));
    assertTrue(e.getMessage().contains("without replying"), e.getMessage());
  }

  @Test
  void wireBytesOfASignRequest() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.writeRequest(
        out,
        new SignRequest(Bytes.of((byte) 0xAA), Bytes.of((byte) 0xBB), AgentSignFlags.RSA_SHA2_256));
    assertEquals(
        "0000000f" + "0d" + "00000001aa" + "00000001bb" + "00000002",
        HEX.formatHex(out.toByteArray()));
    out.reset();
    codec.writeReply(out, new IdentitiesAnswer(List.of(new Identity(Bytes.of((byte) 7), "c"))));
    assertEquals(
        "0000000f" + "0c" + "00000001" + "0000000107" + "0000000163",
        HEX.formatHex(out.toByteArray()));
  }

  @Test
  void unsupportedKeepsOnlyTheTypeByte() throws Exception {
    // ADD_IDENTITY carries a private key: it must come back as Unsupported, body dropped
    byte[] payload = HEX.parseHex("11" + "00000007" + "7373682d727361" + "deadbeef");
    AgentRequest r = AgentRequest.decode(payload);
    assertEquals(new Unsupported(17), r);
    assertArrayEquals(new byte[] {17}, r.encode());
    assertEquals("Unsupported[ADD_IDENTITY]", r.toString());
  }

  @Test
  void secretsStayOutOfToString() {
    assertFalse(LockRequest.lock("hunter2".getBytes()).toString().contains("hunter2"));
    assertFalse(LockRequest.unlock("hunter2".getBytes()).toString().contains("hunter2"));
  }

  @Test
  void lockAndUnlockAreOneRecordWithTwoMessageNumbers() throws Exception {
    byte[] pw = "pw".getBytes();
    assertEquals(AgentMessageType.LOCK.code(), LockRequest.lock(pw).type());
    assertEquals(AgentMessageType.UNLOCK.code(), LockRequest.unlock(pw).type());
    assertFalse(LockRequest.lock(pw).equals(LockRequest.unlock(pw)));
    assertEquals(LockRequest.unlock(pw), AgentRequest.decode(LockRequest.unlock(pw).encode()));
    LockRequest l = LockRequest.lock(pw);
    pw[0] = 0;
    assertArrayEquals("pw".getBytes(), l.passphrase(), "copied in");
    l.passphrase()[1] = 0;
    assertArrayEquals("pw".getBytes(), l.passphrase(), "copied out");
  }

  @Test
  void bytesCopyAndCompareByValue() {
    byte[] blob = {1, 2, 3};
    Bytes b = Bytes.of(blob);
    blob[0] = 9;
    assertEquals(1, b.toByteArray()[0]);
    b.toByteArray()[1] = 9;
    assertEquals(2, b.toByteArray()[1]);
    assertEquals(3, b.length());
    assertEquals(Bytes.of(new byte[] {1, 2, 3}), b);
    assertEquals(Bytes.of(new byte[] {1, 2, 3}).hashCode(), b.hashCode());
    assertEquals("3 bytes: 010203", b.toString());
    assertEquals(
        "17 bytes: 00000000000000000000000000000000...", Bytes.of(new byte[17]).toString());
    assertEquals(
        "SignRequest[keyBlob=3 bytes: 010203, data=0 bytes: , flags=2]",
        new SignRequest(b, Bytes.of(), AgentSignFlags.RSA_SHA2_256).toString());
  }

  @Test
  void zeroLengthFrameIsAnError() {
    assertThrows(
        AgentProtocolException.class, () -> codec.readFrame(new ByteArrayInputStream(new byte[4])));
  }

  @Test
  void truncatedFramesAreErrorsNotCleanEnds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.writeRequest(out, REQUESTS.get(1));
    byte[] frame = out.toByteArray();
    for (int len = 1; len < frame.length; len++) {
      InputStream in = new ByteArrayInputStream(Arrays.copyOf(frame, len));
      assertThrows(AgentProtocolException.class, () -> codec.readFrame(in), "length " + len);
    }
    assertEquals(Optional.empty(), codec.readFrame(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void oversizeAndHugeLengthsAreRejectedBeforeReadingTheBody() {
    AgentCodec small = new AgentCodec(16);
    byte[] just = HEX.parseHex("00000010" + "0b" + "00".repeat(15));
    assertTrue(
        assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> small.readFrame(new ByteArrayInputStream(just)))
            .isPresent());
    for (String len : new String[] {"00000011", "7fffffff", "80000000", "ffffffff", "00040001"}) {
      // the stream offers nothing after the length: any attempt to read or allocate the body
      // would show up as a different exception or a hang
      InputStream in = new ByteArrayInputStream(HEX.parseHex(len));
      AgentCodec c = len.equals("00000011") ? small : codec;
      AgentProtocolException e =
          assertThrows(
              AgentProtocolException.class,
              () -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> c.readFrame(in)));
      assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }
    assertEquals(256 * 1024, codec.maxMessageLength());
  }

  @Test
  void writingRefusesEmptyAndOversizePayloads() {
    AgentCodec small = new AgentCodec(4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThrows(IllegalArgumentException.class, () -> small.writeFrame(out, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> small.writeFrame(out, new byte[5]));
    assertThrows(IllegalArgumentException.class, () -> new AgentCodec(0));
  }

  @Test
  void malformedBodiesOfKnownRequests() {
    String[] bad = {
      "", // empty payload
      "0b00", // REQUEST_IDENTITIES with a body
      "0d" + "00000001aa" + "00000001bb", // SIGN_REQUEST without flags
      "0d" + "00000001aa" + "00000001bb" + "00000000" + "00", // trailing byte
      "0d" + "ffffffff", // huge key blob length
      "12", // REMOVE_IDENTITY without blob
      "16" + "00000005" + "abcd", // LOCK with short passphrase
      "1b" + "00000002" + "c328", // EXTENSION with a name that is not UTF-8
    };
    for (String b : bad) {
      assertThrows(AgentProtocolException.class, () -> AgentRequest.decode(HEX.parseHex(b)), b);
    }
  }

  @Test
  void malformedReplies() {
    String[] bad = {
      "",
      "0600",
      "0500",
      "0e",
      "0e00000005aa",
      "0d" + "00000000",
      "63",
      "0c" + "3b9aca00", // a billion identities in no bytes
      "0c" + "00000002" + "0000000107" + "0000000163", // count says two, one present
      "0c" + "00000001" + "0000000107" + "00000001ff", // comment not UTF-8
    };
    for (String b : bad) {
      assertThrows(AgentProtocolException.class, () -> AgentReply.decode(HEX.parseHex(b)), b);
    }
  }

  @Test
  void randomGarbageOnlyEverRaisesTheCheckedException() {
    Random rnd = new Random(4711);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[rnd.nextInt(64)];
      rnd.nextBytes(b);
      if (b.length > 0 && rnd.nextBoolean()) {
        b[0] = (byte) (new int[] {5, 6, 11, 12, 13, 14, 18, 19, 22, 23, 27, 28})[rnd.nextInt(12)];
      }
      try {
        AgentRequest.decode(b);
      } catch (AgentProtocolException expected) {
        // fine
      }
      try {
        AgentReply.decode(b);
      } catch (AgentProtocolException expected) {
        // fine
      }
      try {
        InputStream in = new ByteArrayInputStream(b);
        while (codec.readFrame(in).isPresent()) {
          // drain
        }
      } catch (AgentProtocolException expected) {
        // fine
      } catch (java.io.IOException e) {
        throw new AssertionError("unexpected " + e, e);
      }
    }
  }

  @Test
  void typesAndDescriptions() {
    assertEquals(AgentMessageType.SIGN_REQUEST, AgentMessageType.fromCode(13).orElseThrow());
    assertEquals("type 99", AgentMessageType.describe(99));
    assertEquals("EXTENSION_FAILURE", AgentMessageType.describe(28));
    for (AgentRequest r : REQUESTS) {
      assertEquals(r.type(), r.encode()[0] & 0xFF, r.toString());
    }
  }
}
