package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.SshFormatException;

/**
 * A broken ssh-agent message: an empty or oversized frame, a frame cut short by the end of the
 * stream, or a body that does not parse. After a framing error the stream is out of step and the
 * connection should be closed; after a body error (see {@link AgentRequestHandler#serve}) the frame
 * boundary is intact and an {@code SSH_AGENT_FAILURE} reply is enough.
 */
public class AgentProtocolException extends SshFormatException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, for a person to read
   */
  public AgentProtocolException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong, for a person to read
   * @param cause the underlying failure
   */
  public AgentProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
