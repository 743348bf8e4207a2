package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshWriter;
import java.util.Arrays;
import java.util.HexFormat;
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
        case REQUEST_IDENTITIES -> req = new RequestIdentities();
        case SIGN_REQUEST -> req = new SignRequest(r.readString(), r.readString(), r.readUint32());
        case REMOVE_IDENTITY -> req = new RemoveIdentity(r.readString());
        case REMOVE_ALL_IDENTITIES -> req = new RemoveAllIdentities();
        case LOCK -> req = new Lock(r.readString());
        case UNLOCK -> req = new Unlock(r.readString());
        case EXTENSION -> req = new Extension(r.readUtf8(), r.readRemaining());
        default -> {
          return new Unsupported(type);
        }
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
   * @param keyBlob the public key blob of the key to use; copied
   * @param data the data to sign; copied
   * @param flags {@link AgentSignFlags} bits, e.g. {@link AgentSignFlags#RSA_SHA2_512}
   */
  // ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode compare their
  // contents
  @SuppressWarnings("ArrayRecordComponent")
  record SignRequest(byte[] keyBlob, byte[] data, int flags) implements AgentRequest {
    /** Copies the arrays. */
    public SignRequest {
      keyBlob = keyBlob.clone();
      data = data.clone();
    }

    /** A fresh copy of the key blob. */
    @Override
    public byte[] keyBlob() {
      return keyBlob.clone();
    }

    /** A fresh copy of the data. */
    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public int type() {
      return AgentMessageType.SIGN_REQUEST.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(keyBlob).writeString(data)
          .writeUint32(flags).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SignRequest s && Arrays.equals(keyBlob, s.keyBlob)
          && Arrays.equals(data, s.data) && flags == s.flags;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(keyBlob), Arrays.hashCode(data), flags);
    }

    @Override
    public String toString() {
      return "SignRequest[" + keyBlob.length + "-byte key, " + data.length
          + " bytes of data, flags=0x" + Integer.toHexString(flags) + "]";
    }
  }

  /**
   * {@code SSH_AGENTC_REMOVE_IDENTITY}: forget one key ({@code ssh-add -d}).
   *
   * @param keyBlob the public key blob; copied
   */
  // ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode compare their
  // contents
  @SuppressWarnings("ArrayRecordComponent")
  record RemoveIdentity(byte[] keyBlob) implements AgentRequest {
    /** Copies the blob. */
    public RemoveIdentity {
      keyBlob = keyBlob.clone();
    }

    /** A fresh copy of the key blob. */
    @Override
    public byte[] keyBlob() {
      return keyBlob.clone();
    }

    @Override
    public int type() {
      return AgentMessageType.REMOVE_IDENTITY.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(keyBlob).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RemoveIdentity r && Arrays.equals(keyBlob, r.keyBlob);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(keyBlob);
    }

    @Override
    public String toString() {
      return "RemoveIdentity[" + keyBlob.length + "-byte key]";
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
   * {@code SSH_AGENTC_LOCK}: lock the agent with a passphrase ({@code ssh-add -x}). The passphrase
   * never appears in {@link #toString()}.
   *
   * @param passphrase the passphrase bytes; copied
   */
  // ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode compare their
  // contents
  @SuppressWarnings("ArrayRecordComponent")
  record Lock(byte[] passphrase) implements AgentRequest {
    /** Copies the passphrase. */
    public Lock {
      passphrase = passphrase.clone();
    }

    /** A fresh copy of the passphrase; wipe it after use. */
    @Override
    public byte[] passphrase() {
      return passphrase.clone();
    }

    @Override
    public int type() {
      return AgentMessageType.LOCK.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(passphrase).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Lock l && Arrays.equals(passphrase, l.passphrase);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(passphrase);
    }

    @Override
    public String toString() {
      return "Lock[passphrase=***]";
    }
  }

  /**
   * {@code SSH_AGENTC_UNLOCK}: unlock the agent ({@code ssh-add -X}). The passphrase never appears
   * in {@link #toString()}.
   *
   * @param passphrase the passphrase bytes; copied
   */
  // ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode compare their
  // contents
  @SuppressWarnings("ArrayRecordComponent")
  record Unlock(byte[] passphrase) implements AgentRequest {
    /** Copies the passphrase. */
    public Unlock {
      passphrase = passphrase.clone();
    }

    /** A fresh copy of the passphrase; wipe it after use. */
    @Override
    public byte[] passphrase() {
      return passphrase.clone();
    }

    @Override
    public int type() {
      return AgentMessageType.UNLOCK.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(passphrase).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unlock u && Arrays.equals(passphrase, u.passphrase);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(passphrase);
    }

    @Override
    public String toString() {
      return "Unlock[passphrase=***]";
    }
  }

  /**
   * {@code SSH_AGENTC_EXTENSION}: a named vendor extension, e.g.
   * {@code session-bind@openssh.com}, which OpenSSH's ssh sends before signing.
   *
   * @param name the extension name
   * @param contents the extension-specific bytes after the name, possibly empty; copied
   */
  // ArrayRecordComponent: the arrays are copied in and out, and equals/hashCode compare their
  // contents
  @SuppressWarnings("ArrayRecordComponent")
  record Extension(String name, byte[] contents) implements AgentRequest {
    /** Copies the contents. */
    public Extension {
      Objects.requireNonNull(name, "name");
      contents = contents.clone();
    }

    /** A fresh copy of the contents. */
    @Override
    public byte[] contents() {
      return contents.clone();
    }

    @Override
    public int type() {
      return AgentMessageType.EXTENSION.code();
    }

    @Override
    public byte[] encode() {
      return new SshWriter().writeByte(type()).writeString(name).writeRaw(contents).toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Extension e && name.equals(e.name) && Arrays.equals(contents, e.contents);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(contents);
    }

    @Override
    public String toString() {
      return "Extension[" + name + ", " + contents.length + " bytes: "
          + HexFormat.of().formatHex(contents, 0, Math.min(16, contents.length))
          + (contents.length > 16 ? "...]" : "]");
    }
  }

  /**
   * Any other message number. Only the number is kept: the body may hold private keys or a PIN
   * and is never parsed. The answer is always {@code SSH_AGENT_FAILURE}.
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
