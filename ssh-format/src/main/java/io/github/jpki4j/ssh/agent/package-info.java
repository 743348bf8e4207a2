/**
 * The ssh-agent protocol (draft-miller-ssh-agent, OpenSSH's PROTOCOL.agent) as a codec that knows
 * nothing about cards or sockets.
 *
 * <ul>
 *   <li>{@link io.github.jpki4j.ssh.agent.AgentCodec}: the length framing, with a size cap; tells a
 *       clean end of stream from a cut one.
 *   <li>{@link io.github.jpki4j.ssh.agent.AgentRequest} and {@link
 *       io.github.jpki4j.ssh.agent.AgentReply}: sealed hierarchies of records that encode and
 *       decode themselves; requests an agent for a card does not handle decode to {@link
 *       io.github.jpki4j.ssh.agent.AgentRequest.Unsupported}, body unread.
 *   <li>{@link io.github.jpki4j.ssh.agent.AgentBackend}: the policy an agent supplies (list keys,
 *       sign); {@link io.github.jpki4j.ssh.agent.AgentRequestHandler} maps requests to it and turns
 *       every exception into {@code SSH_AGENT_FAILURE}.
 * </ul>
 *
 * <p>Malformed input raises the checked {@link io.github.jpki4j.ssh.agent.AgentProtocolException}.
 */
package io.github.jpki4j.ssh.agent;
