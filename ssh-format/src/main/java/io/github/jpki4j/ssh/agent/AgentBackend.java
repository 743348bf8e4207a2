package io.github.jpki4j.ssh.agent;

import java.util.List;

/**
 * What an ssh-agent does with requests, minus the protocol: the policy side that {@link
 * AgentRequestHandler} calls. The jpki agent implements it over the card; tests implement it over a
 * JDK key.
 *
 * <p>Every method may refuse with {@link AgentRefusedException}; the handler turns that, and any
 * other exception, into {@code SSH_AGENT_FAILURE}. Only {@link #identities()} and {@link #sign}
 * must be implemented: the other requests are refused by default. Implementations are called from
 * the connection's thread and must do their own locking if they share state.
 */
public interface AgentBackend {

  /**
   * The keys to offer ({@code ssh-add -l}, and the keys ssh tries).
   *
   * @throws AgentRefusedException if the keys cannot be listed
   */
  List<Identity> identities() throws AgentRefusedException;

  /**
   * Signs {@code data} with the key whose public blob is {@code keyBlob}.
   *
   * @param keyBlob the public key blob from the request
   * @param data the data to sign, as received
   * @param flags the request's {@link AgentSignFlags}; for RSA, {@link
   *     io.github.jpki4j.ssh.SshSignatureAlgorithm#forAgentFlags(int)} says which algorithm
   * @return the signature blob, {@code string algorithm, string signature} ({@link
   *     io.github.jpki4j.ssh.SshSignature#blob()})
   * @throws AgentRefusedException if the key is unknown, the algorithm not allowed, or signing
   *     failed
   */
  byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException;

  /**
   * {@code ssh-add -d}: forget one key. Refused by default.
   *
   * @throws AgentRefusedException if not supported or it failed
   */
  default void remove(byte[] keyBlob) throws AgentRefusedException {
    throw new AgentRefusedException("removing a key is not supported");
  }

  /**
   * {@code ssh-add -D}: forget all keys; an agent may give it a documented meaning such as "release
   * the card and forget the PIN". Refused by default.
   *
   * @throws AgentRefusedException if not supported or it failed
   */
  default void removeAll() throws AgentRefusedException {
    throw new AgentRefusedException("removing all keys is not supported");
  }

  /**
   * {@code ssh-add -x}: lock the agent. Refused by default.
   *
   * @param passphrase the passphrase; a copy the callee may wipe
   * @throws AgentRefusedException if not supported or it failed
   */
  default void lock(byte[] passphrase) throws AgentRefusedException {
    throw new AgentRefusedException("locking is not supported");
  }

  /**
   * {@code ssh-add -X}: unlock the agent. Refused by default.
   *
   * @param passphrase the passphrase; a copy the callee may wipe
   * @throws AgentRefusedException if not supported or the passphrase is wrong
   */
  default void unlock(byte[] passphrase) throws AgentRefusedException {
    throw new AgentRefusedException("unlocking is not supported");
  }

  /**
   * An {@code SSH_AGENTC_EXTENSION} request; returning normally answers {@code SSH_AGENT_SUCCESS}.
   * Refused by default, which answers {@code SSH_AGENT_FAILURE} as the protocol asks for unknown
   * extensions (OpenSSH's ssh carries on without {@code session-bind@openssh.com}).
   *
   * @throws AgentRefusedException if the extension is not supported or failed
   */
  default void extension(String name, byte[] contents) throws AgentRefusedException {
    throw new AgentRefusedException("extension " + name + " is not supported");
  }
}
