package io.github.jpki4j.ssh.agent;

/**
 * An {@link AgentBackend} declines a request: not supported, the card is missing, the PIN was not
 * given, the key is unknown, SHA-1 was asked for... The client only ever learns {@code
 * SSH_AGENT_FAILURE}; the message and cause are for the agent's own log.
 */
public class AgentRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message why, for the agent's log
   */
  public AgentRefusedException(String message) {
    super(message);
  }

  /**
   * @param message why, for the agent's log
   * @param cause the underlying failure, e.g. a card error
   */
  public AgentRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
