package io.github.jpki4j.ssh.agent;

import java.util.Optional;

/**
 * The ssh-agent message numbers (draft-miller-ssh-agent §5.1, OpenSSH's PROTOCOL.agent), the first
 * byte of every message. Names drop the {@code SSH_AGENTC_} / {@code SSH_AGENT_} prefixes.
 */
public enum AgentMessageType {
  /** Reply: the request failed or is not supported. */
  FAILURE(5),
  /** Reply: the request succeeded. */
  SUCCESS(6),
  /** Request: list the keys. */
  REQUEST_IDENTITIES(11),
  /** Reply to {@link #REQUEST_IDENTITIES}. */
  IDENTITIES_ANSWER(12),
  /** Request: sign data with a key. */
  SIGN_REQUEST(13),
  /** Reply to {@link #SIGN_REQUEST}. */
  SIGN_RESPONSE(14),
  /** Request: add a private key ({@code ssh-add FILE}). */
  ADD_IDENTITY(17),
  /** Request: remove one key ({@code ssh-add -d}). */
  REMOVE_IDENTITY(18),
  /** Request: remove all keys ({@code ssh-add -D}). */
  REMOVE_ALL_IDENTITIES(19),
  /** Request: load keys from a PKCS#11 provider, with its PIN ({@code ssh-add -s}). */
  ADD_SMARTCARD_KEY(20),
  /** Request: unload a PKCS#11 provider ({@code ssh-add -e}). */
  REMOVE_SMARTCARD_KEY(21),
  /** Request: lock the agent with a passphrase ({@code ssh-add -x}). */
  LOCK(22),
  /** Request: unlock the agent ({@code ssh-add -X}). */
  UNLOCK(23),
  /** Request: add a private key with constraints ({@code ssh-add -t/-c}). */
  ADD_ID_CONSTRAINED(25),
  /** Request: {@link #ADD_SMARTCARD_KEY} with constraints. */
  ADD_SMARTCARD_KEY_CONSTRAINED(26),
  /** Request: a vendor extension, named by a string. */
  EXTENSION(27),
  /** Reply: an extension that is supported failed. */
  EXTENSION_FAILURE(28);

  private final int code;

  AgentMessageType(int code) {
    this.code = code;
  }

  /** The message number on the wire. */
  public int code() {
    return code;
  }

  /** The type with this message number, if it is one listed here. */
  public static Optional<AgentMessageType> fromCode(int code) {
    for (AgentMessageType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** A message number's name for messages and logs: {@code SIGN_REQUEST} or {@code type 99}. */
  public static String describe(int code) {
    return fromCode(code).map(Enum::name).orElse("type " + code);
  }
}
