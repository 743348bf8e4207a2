package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshWriter;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A request from an ssh-agent client. The records cover what an agent backed by a card needs to
 * understand; every other message number, including requests that carry private keys or PINs
 * ({@code ADD_IDENTITY}, {@code ADD_SMARTCARD_KEY}, ...), decodes to {@link Unsupported}, which
 * keeps only the number and drops the body unread.
 */
public sealed interface AgentRequest extends AgentMessage {

  /**
   * Decodes one request payload (type byte and body, without the length frame).
   *
   * @throws AgentProtocolException if the payload is empty, or the body of a known request is
   *     malformed or has trailing bytes
   */
  static AgentRequest decode(byte[] payload) throws AgentProtocolException {
    if (payload.length == 0) {
      throw new AgentProtocolException("empty agent message");
    }
    int type = payload[0] & 0xFF;
    AgentMessageType known = AgentMessageType.fromCode(type).orElse(null);
    if (known == null) {
      return new Unsupported(type);
    }
    SshReader r = new SshReader(payload, 1, payload.length - 1);
    try {
      AgentRequest req;
      switch (known) {
        case REQUEST_IDENTITIES:
          req = new RequestIdentities();
          break;
        case SIGN_REQUEST:
          req = new SignRequest(Bytes.of(r.readString()), Bytes.of(r.readString()), r.readUint32());
          break;
        case REMOVE_IDENTITY:
          req = new RemoveIdentity(Bytes.of(r.readString()));
          break;
        case REMOVE_ALL_IDENTITIES:
          req = new RemoveAllIdentities();
          break;
        case LOCK:
        case UNLOCK:
          {
            byte[] passphrase = r.readString();
            req = new LockRequest(known == AgentMessageType.LOCK, passphrase);
            Arrays.fill(passphrase, (byte) 0);
            break;
          }
        case EXTENSION:
          req = new Extension(r.readUtf8(), Bytes.of(r.readRemaining()));
          break;
        default:
          return new Unsupported(type);
      }
      r.requireEnd();
      return req;
    } catch (SshFormatException e) {
      throw new AgentProtocolException("malformed " + known + ": " + e.getMessage(), e);
    }
  }

  /** {@code SSH_AGENTC_REQUEST_IDENTITIES}: list the keys. */
  record RequestIdentities() implements AgentRequest {
    @Override
    public int type() {
      return AgentMessageType.REQUEST_IDENTITIES.code();
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) type()};
    }
  }

  /**
   * {@code SSH_AGENTC_SIGN_REQUEST}: sign {@code data} with the key whose blob is {@code keyBlob}.
   * For SSH user authentication the data is the session's {@code SSH_MSG_USERAUTH_REQUEST}; for
   * SSHSIG it is {@code SshSig.signedData}.
   *
   * @param keyBlob the public key blob of the key to use
   * @param data the data to sign
   * @param flags {@link AgentSignFlags} bits, e.g. {@link AgentSignFlags#RSA_SHA2_512}
   */
  record SignRequest(Bytes keyBlob, Bytes data, int flags) implements AgentRequest {
    /** Checks for nulls. */
    public SignRequest {
      Objects.requireNonNull(keyBlob, "keyBlob");
      Objects.requireNonNull(data, "data");
    }

    @Override
    public int type() {
      return AgentMessageType.SIGN_REQUEST.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter()
          .writeByte(type())
          .writeString(keyBlob)
          .writeString(data)
          .writeUint32(flags)
          .toByteArray();
    }
  }

  /**
   * {@code SSH_AGENTC_REMOVE_IDENTITY}: forget one key ({@code ssh-add -d}).
   *
   * @param keyBlob the public key blob
   */
  record RemoveIdentity(Bytes keyBlob) implements AgentRequest {
    /** Checks for null. */
    public RemoveIdentity {
      Objects.requireNonNull(keyBlob, "keyBlob");
    }

    @Override
    public int type() {
      return AgentMessageType.REMOVE_IDENTITY.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(keyBlob).toByteArray();
    }
  }

  /** {@code SSH_AGENTC_REMOVE_ALL_IDENTITIES}: forget all keys ({@code ssh-add -D}). */
  record RemoveAllIdentities() implements AgentRequest {
    @Override
    public int type() {
      return AgentMessageType.REMOVE_ALL_IDENTITIES.code();
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) type()};
    }
  }

  /**
   * {@code SSH_AGENTC_LOCK} ({@code ssh-add -x}) or {@code SSH_AGENTC_UNLOCK} ({@code ssh-add -X}):
   * lock or unlock the agent with a passphrase. The two messages have the same body, a {@code
   * string passphrase}. The passphrase is secret, so it stays a {@code byte[]} the receiver can
   * wipe, is compared in constant time and never appears in {@link #toString()}.
   *
   * @param lock {@code true} for {@code SSH_AGENTC_LOCK}, {@code false} for {@code
   *     SSH_AGENTC_UNLOCK}
   * @param passphrase the passphrase bytes; copied
   */
  record LockRequest(boolean lock, byte[] passphrase) implements AgentRequest {
    /** Copies the passphrase. */
    public LockRequest {
      passphrase = passphrase.clone();
    }

    /** {@code SSH_AGENTC_LOCK} with {@code passphrase}, which is copied. */
    public static LockRequest lock(byte[] passphrase) {
      return new LockRequest(true, passphrase);
    }

    /** {@code SSH_AGENTC_UNLOCK} with {@code passphrase}, which is copied. */
    public static LockRequest unlock(byte[] passphrase) {
      return new LockRequest(false, passphrase);
    }

    /** A fresh copy of the passphrase; wipe it after use. */
    @Override
    public byte[] passphrase() {
      return passphrase.clone();
    }

    @Override
    public int type() {
      return (lock ? AgentMessageType.LOCK : AgentMessageType.UNLOCK).code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(passphrase).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LockRequest l
          && lock == l.lock
          && MessageDigest.isEqual(passphrase, l.passphrase);
    }

    /** Depends only on {@link #lock()}: a hash of the passphrase would leak something of it. */
    @Override
    public int hashCode() {
      return Boolean.hashCode(lock);
    }

    @Override
    public String toString() {
      return "LockRequest[" + AgentMessageType.describe(type()) + ", passphrase=***]";
    }
  }

  /**
   * {@code SSH_AGENTC_EXTENSION}: a named vendor extension, e.g. {@code session-bind@openssh.com},
   * which OpenSSH's ssh sends before signing.
   *
   * @param name the extension name
   * @param contents the extension-specific bytes after the name, possibly empty
   */
  record Extension(String name, Bytes contents) implements AgentRequest {
    /** Checks for nulls. */
    public Extension {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contents, "contents");
    }

    @Override
    public int type() {
      return AgentMessageType.EXTENSION.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(name).writeRaw(contents).toByteArray();
    }
  }

  /**
   * Any other message number. Only the number is kept: the body may hold private keys or a PIN and
   * is never parsed. The answer is always {@code SSH_AGENT_FAILURE}.
   *
   * @param type the message number, 0 to 255
   */
  record Unsupported(int type) implements AgentRequest {
    /** Checks the range. */
    public Unsupported {
      if (type < 0 || type > 255) {
        throw new IllegalArgumentException("message type out of range: " + type);
      }
    }

    /** Only the type byte: the original body is not kept. */
    @Override
    public byte[] encode() {
      return new byte[] {(byte) type};
    }

    @Override
    public String toString() {
      return "Unsupported[" + AgentMessageType.describe(type) + "]";
    }
  }
}
