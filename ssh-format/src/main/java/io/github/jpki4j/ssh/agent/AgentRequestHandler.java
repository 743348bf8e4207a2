package io.github.jpki4j.ssh.agent;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Maps each ssh-agent request to one reply through an {@link AgentBackend}, the way an agent must:
 * whatever the backend throws becomes {@code SSH_AGENT_FAILURE}, so a refusal or a bug never
 * reaches the client as anything else and never ends the agent.
 *
 * <p>{@link #serve} runs one connection's request/reply loop over its streams; the socket itself
 * (accepting, permissions, peer checks) belongs to the caller.
 */
public final class AgentRequestHandler {
  private static final Failure FAILURE = new Failure();

  private final AgentBackend backend;
  private final BiConsumer<String, Exception> onFailure;

  /** A handler that answers failures silently. */
  public AgentRequestHandler(AgentBackend backend) {
    this(backend, (what, e) -> {});
  }

  /**
   * A handler that also reports why it answered {@code SSH_AGENT_FAILURE}.
   *
   * @param backend does the work
   * @param onFailure told the request's type name (e.g. {@code SIGN_REQUEST}) and the exception
   *     whenever the backend throws or a request body is malformed; for logging. Exceptions it
   *     throws are ignored.
   */
  public AgentRequestHandler(AgentBackend backend, BiConsumer<String, Exception> onFailure) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
  }

  /**
   * The reply to one request. Never throws: every exception from the backend (checked or not) and
   * every unsupported request yields {@link Failure}.
   *
   * @throws NullPointerException if {@code request} is null, the one caller mistake
   */
  public AgentReply handle(AgentRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      if (request instanceof RequestIdentities) {
        return new IdentitiesAnswer(backend.identities());
      } else if (request instanceof SignRequest s) {
        byte[] sig = backend.sign(s.keyBlob().toByteArray(), s.data().toByteArray(), s.flags());
        if (sig == null || sig.length == 0) {
          throw new AgentRefusedException("backend returned no signature");
        }
        return new SignResponse(Bytes.of(sig));
      } else if (request instanceof RemoveIdentity r) {
        backend.remove(r.keyBlob().toByteArray());
        return new Success();
      } else if (request instanceof RemoveAllIdentities) {
        backend.removeAll();
        return new Success();
      } else if (request instanceof LockRequest l) {
        if (l.lock()) {
          backend.lock(l.passphrase());
        } else {
          backend.unlock(l.passphrase());
        }
        return new Success();
      } else if (request instanceof Extension e) {
        backend.extension(e.name(), e.contents().toByteArray());
        return new Success();
      } else if (request instanceof Unsupported) {
        return FAILURE;
      }
      throw new AgentRefusedException("unhandled request " + request);
    } catch (Exception e) {
      report(AgentMessageType.describe(request.type()), e);
      return FAILURE;
    }
  }

  /**
   * Answers requests from {@code in} on {@code out} until the client closes its side between
   * messages. A request whose body is malformed gets {@code SSH_AGENT_FAILURE} (the frame boundary
   * is intact); a framing error (zero length, over the cap, stream cut inside a frame) is thrown,
   * and the caller should close the connection, as OpenSSH's agent does. Request payloads are
   * zeroed once decoded, since some carry passphrases or PINs. Streams are not closed.
   *
   * @throws AgentProtocolException on a framing error
   * @throws IOException if reading or writing fails
   */
  public void serve(InputStream in, OutputStream out, AgentCodec codec) throws IOException {
    while (true) {
      Optional<byte[]> frame = codec.readFrame(in);
      if (frame.isEmpty()) {
        return;
      }
      byte[] payload = frame.get();
      AgentReply reply;
      try {
        reply = handle(AgentRequest.decode(payload));
      } catch (AgentProtocolException e) {
        report(AgentMessageType.describe(payload[0] & 0xFF), e);
        reply = FAILURE;
      } finally {
        Arrays.fill(payload, (byte) 0);
      }
      byte[] encoded = reply.encode();
      if (encoded.length > codec.maxMessageLength()) {
        report(
            AgentMessageType.describe(reply.type()),
            new AgentProtocolException(
                "reply of "
                    + encoded.length
                    + " bytes exceeds the limit of "
                    + codec.maxMessageLength()));
        encoded = FAILURE.encode();
      }
      codec.writeFrame(out, encoded);
    }
  }

  private void report(String what, Exception e) {
    try {
      onFailure.accept(what, e);
    } catch (RuntimeException ignored) {
      // a broken logger must not break the agent
    }
  }
}
