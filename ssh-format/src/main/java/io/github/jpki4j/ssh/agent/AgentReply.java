package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A reply from the agent to an {@link AgentRequest}. */
public sealed interface AgentReply extends AgentMessage {

  /**
   * Decodes one reply payload (type byte and body, without the length frame); the client side.
   *
   * @throws AgentProtocolException if the payload is empty, its type is not a reply, or the body is
   *     malformed or has trailing bytes
   */
  static AgentReply decode(byte[] payload) throws AgentProtocolException {
    if (payload.length == 0) {
      throw new AgentProtocolException("empty agent message");
    }
    int type = payload[0] & 0xFF;
    AgentMessageType known =
        AgentMessageType.fromCode(type)
            .orElseThrow(
                () ->
                    new AgentProtocolException(
                        "unexpected agent reply " + AgentMessageType.describe(type)));
    SshReader r = new SshReader(payload, 1, payload.length - 1);
    try {
      AgentReply reply;
      switch (known) {
        case FAILURE:
          reply = new Failure();
          break;
        case SUCCESS:
          reply = new Success();
          break;
        case EXTENSION_FAILURE:
          reply = new ExtensionFailure();
          break;
        case SIGN_RESPONSE:
          reply = new SignResponse(Bytes.of(r.readString()));
          break;
        case IDENTITIES_ANSWER:
          {
            int n = r.readUint32();
            // each entry takes at least 8 bytes: refuse a count the body cannot hold
            if (n < 0 || n > r.remaining() / 8) {
              throw new AgentProtocolException(
                  "IDENTITIES_ANSWER claims "
                      + Integer.toUnsignedLong(n)
                      + " keys in "
                      + r.remaining()
                      + " bytes");
            }
            List<Identity> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              ids.add(new Identity(Bytes.of(r.readString()), r.readUtf8()));
            }
            reply = new IdentitiesAnswer(ids);
            break;
          }
        default:
          throw new AgentProtocolException("unexpected agent reply " + known);
      }
      r.requireEnd();
      return reply;
    } catch (AgentProtocolException e) {
      throw e;
    } catch (SshFormatException e) {
      throw new AgentProtocolException("malformed " + known + ": " + e.getMessage(), e);
    }
  }

  /** {@code SSH_AGENT_SUCCESS}. */
  record Success() implements AgentReply {
    @Override
    public int type() {
      return AgentMessageType.SUCCESS.code();
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) type()};
    }
  }

  /** {@code SSH_AGENT_FAILURE}: refused, failed or not supported; the protocol says no more. */
  record Failure() implements AgentReply {
    @Override
    public int type() {
      return AgentMessageType.FAILURE.code();
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) type()};
    }
  }

  /** {@code SSH_AGENT_EXTENSION_FAILURE}: a supported extension failed. */
  record ExtensionFailure() implements AgentReply {
    @Override
    public int type() {
      return AgentMessageType.EXTENSION_FAILURE.code();
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) type()};
    }
  }

  /**
   * {@code SSH_AGENT_IDENTITIES_ANSWER}: the keys the agent offers.
   *
   * @param identities the keys in order; copied
   */
  record IdentitiesAnswer(List<Identity> identities) implements AgentReply {
    /** Copies the list. */
    public IdentitiesAnswer {
      identities = List.copyOf(identities);
    }

    @Override
    public int type() {
      return AgentMessageType.IDENTITIES_ANSWER.code();
    }

    @Override
    public byte[] encode() {
      SshWriter w = new SshWriter().writeByte(type()).writeUint32(identities.size());
      for (Identity id : identities) {
        w.writeString(id.keyBlob()).writeString(id.comment());
      }
      return w.toByteArray();
    }
  }

  /**
   * {@code SSH_AGENT_SIGN_RESPONSE}.
   *
   * @param signatureBlob the signature blob, {@code string algorithm, string signature} (see {@link
   *     io.github.jpki4j.ssh.SshSignature})
   */
  record SignResponse(Bytes signatureBlob) implements AgentReply {
    /** Checks for null. */
    public SignResponse {
      Objects.requireNonNull(signatureBlob, "signatureBlob");
    }

    @Override
    public int type() {
      return AgentMessageType.SIGN_RESPONSE.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(signatureBlob).toByteArray();
    }
  }
}
