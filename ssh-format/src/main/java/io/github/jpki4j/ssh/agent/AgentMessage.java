package io.github.jpki4j.ssh.agent;

/**
 * One ssh-agent message, without its length frame: a {@link AgentRequest} a client sends, or an
 * {@link AgentReply} the agent returns. {@link AgentCodec} adds and removes the frame.
 */
public sealed interface AgentMessage permits AgentRequest, AgentReply {
  /** The message number, the first byte of the payload. */
  int type();

  /** The payload: the type byte followed by the body. */
  byte[] encode();
}
