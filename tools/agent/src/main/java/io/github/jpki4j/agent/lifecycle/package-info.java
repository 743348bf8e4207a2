/**
 * Running the agent as a program, for {@code jpki agent} and for {@link
 * io.github.jpki4j.agent.AgentMain}: {@link io.github.jpki4j.agent.lifecycle.CardConnector} opens
 * the card the options name (for the {@code jpki} commands too), {@link
 * io.github.jpki4j.agent.lifecycle.AgentForeground} wires card, card thread, backend and socket
 * together and takes them down on SIGTERM, {@link io.github.jpki4j.agent.lifecycle.AgentDetacher}
 * starts it in the background (ssh-agent's way), {@link
 * io.github.jpki4j.agent.lifecycle.AgentKiller} stops it, {@link
 * io.github.jpki4j.agent.lifecycle.AgentShell} prints the shell lines, and {@link
 * io.github.jpki4j.agent.lifecycle.AgentOnWindows} serves Windows' pipes and Pageant instead. The
 * JVM options of a relaunched agent come from {@code jvm-options.properties} next to {@code
 * JvmOptions}, the file the launchers read too.
 */
package io.github.jpki4j.agent.lifecycle;
