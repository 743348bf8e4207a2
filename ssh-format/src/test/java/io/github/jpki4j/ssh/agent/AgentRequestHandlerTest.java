package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.Bytes;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRequestHandlerTest {
  private static final Identity ID = new Identity(Bytes.of(new byte[] {1, 2, 3}), "card");
  private final List<String> failures = new ArrayList<>();

  /** Lists one key; "signs" with {flags, first data byte}; refuses everything else. */
  private static class FakeBackend implements AgentBackend {
    @Override
    public List<Identity> identities() {
      return List.of(ID);
    }

    @Override
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
      if (flags != AgentSignFlags.RSA_SHA2_512) {
        throw new AgentRefusedException("only rsa-sha2-512");
      }
      return new byte[] {(byte) flags, data[0]};
    }
  }

  private AgentRequestHandler handler(AgentBackend backend) {
    return new AgentRequestHandler(
        backend, (what, e) -> failures.add(what + ": " + e.getMessage()));
  }

  @Test
  void identitiesAndSignatures() {
    AgentRequestHandler h = handler(new FakeBackend());
    assertEquals(new IdentitiesAnswer(List.of(ID)), h.handle(new RequestIdentities()));
    AgentReply r =
        h.handle(new SignRequest(ID.keyBlob(), Bytes.of((byte) 42), AgentSignFlags.RSA_SHA2_512));
    assertEquals(new SignResponse(Bytes.of(new byte[] {4, 42})), r);
    assertEquals(List.of(), failures);
  }

  @Test
  void refusalsBecomeFailureAndAreReported() {
    AgentRequestHandler h = handler(new FakeBackend());
    assertEquals(new Failure(), h.handle(new SignRequest(ID.keyBlob(), Bytes.of((byte) 1), 0)));
    assertEquals(List.of("SIGN_REQUEST: only rsa-sha2-512"), failures);
  }

  @Test
  void defaultsRefuseEverythingOptional() {
    AgentRequestHandler h = handler(new FakeBackend());
    List<AgentRequest> optional =
        List.of(
            new RemoveIdentity(Bytes.of(new byte[] {1})),
            new RemoveAllIdentities(),
            LockRequest.lock(new byte[] {1}),
            LockRequest.unlock(new byte[] {1}),
            new Extension("session-bind@openssh.com", Bytes.of()),
            new Unsupported(17));
    for (AgentRequest r : optional) {
      assertEquals(new Failure(), h.handle(r), r.toString());
    }
    assertEquals(5, failures.size(), "Unsupported is not an exception: " + failures);
  }

  @Test
  void implementedOptionalsAnswerSuccess() {
    List<String> calls = new ArrayList<>();
    AgentRequestHandler h =
        handler(
            new FakeBackend() {
              @Override
              public void removeAll() {
                calls.add("removeAll");
              }

              @Override
              public void lock(byte[] passphrase) {
                calls.add("lock " + new String(passphrase));
              }

              @Override
              public void unlock(byte[] passphrase) {
                calls.add("unlock " + new String(passphrase));
              }

              @Override
              public void extension(String name, byte[] contents) {
                calls.add("ext " + name);
              }
            });
    assertEquals(new Success(), h.handle(new RemoveAllIdentities()));
    assertEquals(new Success(), h.handle(LockRequest.lock("pw".getBytes())));
    assertEquals(new Success(), h.handle(LockRequest.unlock("pw".getBytes())));
    assertEquals(new Success(), h.handle(new Extension("x@example", Bytes.of())));
    assertEquals(List.of("removeAll", "lock pw", "unlock pw", "ext x@example"), calls);
  }

  @Test
  void bugsInTheBackendNeverEscape() {
    AgentRequestHandler h =
        handler(
            new AgentBackend() {
              @Override
              public List<Identity> identities() {
                throw new IllegalStateException("boom");
              }

              @Override
              public byte[] sign(byte[] keyBlob, byte[] data, int flags) {
                return null;
              }
            });
    assertEquals(new Failure(), h.handle(new RequestIdentities()));
    assertEquals(new Failure(), h.handle(new SignRequest(Bytes.of(), Bytes.of(), 0)));
    assertEquals(2, failures.size(), failures.toString());
    AgentRequestHandler throwingLogger =
        new AgentRequestHandler(
            new FakeBackend(),
            (w, e) -> {
              throw new RuntimeException("logger broke");
            });
    assertEquals(new Failure(), throwingLogger.handle(LockRequest.lock(new byte[0])));
  }

  @Test
  void serveAnswersEachRequestAndSurvivesMalformedBodies() throws Exception {
    AgentCodec codec = new AgentCodec();
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    codec.writeRequest(req, new RequestIdentities());
    codec.writeFrame(req, HexFormat.of().parseHex("0d" + "00000001aa")); // malformed SIGN_REQUEST
    codec.writeFrame(req, new byte[] {17, 1, 2, 3}); // ADD_IDENTITY
    codec.writeRequest(
        req, new SignRequest(Bytes.of((byte) 1), Bytes.of((byte) 7), AgentSignFlags.RSA_SHA2_512));
    ByteArrayOutputStream rep = new ByteArrayOutputStream();
    handler(new FakeBackend()).serve(new ByteArrayInputStream(req.toByteArray()), rep, codec);

    InputStream in = new ByteArrayInputStream(rep.toByteArray());
    assertEquals(new IdentitiesAnswer(List.of(ID)), codec.readReply(in));
    assertEquals(new Failure(), codec.readReply(in));
    assertEquals(new Failure(), codec.readReply(in));
    assertEquals(new SignResponse(Bytes.of(new byte[] {4, 7})), codec.readReply(in));
    assertEquals(-1, in.read());
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get(0).startsWith("SIGN_REQUEST: malformed"), failures.get(0));
  }

  @Test
  void serveStopsOnFramingErrors() throws Exception {
    AgentCodec codec = new AgentCodec();
    ByteArrayOutputStream rep = new ByteArrayOutputStream();
    byte[] huge = HexFormat.of().parseHex("7fffffff0b");
    assertThrows(
        AgentProtocolException.class,
        () -> handler(new FakeBackend()).serve(new ByteArrayInputStream(huge), rep, codec));
    byte[] cut = HexFormat.of().parseHex("00000005" + "0d00");
    assertThrows(
        AgentProtocolException.class,
        () -> handler(new FakeBackend()).serve(new ByteArrayInputStream(cut), rep, codec));
    assertEquals(0, rep.size());
  }

  @Test
  void oversizeReplyBecomesFailure() throws Exception {
    AgentCodec small = new AgentCodec(64);
    List<Identity> many = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      many.add(new Identity(Bytes.of(new byte[16]), "key " + i));
    }
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    small.writeRequest(req, new RequestIdentities());
    ByteArrayOutputStream rep = new ByteArrayOutputStream();
    handler(
            new FakeBackend() {
              @Override
              public List<Identity> identities() {
                return many;
              }
            })
        .serve(new ByteArrayInputStream(req.toByteArray()), rep, small);
    assertEquals(new Failure(), small.readReply(new ByteArrayInputStream(rep.toByteArray())));
  }
}
