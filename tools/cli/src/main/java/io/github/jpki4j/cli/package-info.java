/**
 * The {@code jpki} command line (picocli). Each command is one class; {@link
 * io.github.jpki4j.agent.lifecycle.CardConnector} (agent module) opens the card (a PC/SC reader or
 * the simulated card) for the commands and the agent, {@link io.github.jpki4j.pin.PinSources} (pin
 * module) picks where a PIN comes from, {@link io.github.jpki4j.cli.PinPrompter} applies the PIN
 * safety rules around every VERIFY, and {@link io.github.jpki4j.cli.Failures} turns every error a
 * person can cause into one line on stderr and an exit code from {@link
 * io.github.jpki4j.cli.ExitCodes} (a class of this package that lives in the agent jar, whose
 * lifecycle classes return the same codes). {@code jpki agent} is {@link
 * io.github.jpki4j.cli.AgentCommand} (ssh-agent's options), which hands over to the agent module's
 * {@link io.github.jpki4j.agent.lifecycle.AgentForeground}, {@link
 * io.github.jpki4j.agent.lifecycle.AgentDetacher} and {@link
 * io.github.jpki4j.agent.lifecycle.AgentKiller}. JVM options live in {@code jvm-options.properties}
 * (the agent module's {@code JvmOptions}).
 */
package io.github.jpki4j.cli;
