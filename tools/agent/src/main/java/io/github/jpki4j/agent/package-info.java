/**
 * The card-backed ssh-agent: policy around a protocol codec it does not own.
 *
 * <p>{@link io.github.jpki4j.agent.AgentServer} accepts connections on a Unix domain socket and
 * hands each to {@code ssh-format}'s {@link io.github.jpki4j.ssh.agent.AgentRequestHandler}; {@link
 * io.github.jpki4j.agent.JpkiAgentBackend} decides what each request means for the card (which key,
 * which algorithm, when to ask for the PIN); {@link io.github.jpki4j.agent.CardWorker} is the one
 * thread that talks to the card, through a {@link io.github.jpki4j.agent.CardSource}.
 *
 * <p>{@link io.github.jpki4j.agent.AgentMain} runs the agent as a program of its own, without the
 * {@code jpki} command line; package {@code agent.lifecycle} starts, detaches and stops it for
 * both, and {@code agent.windows} holds the Windows transports.
 */
package io.github.jpki4j.agent;
