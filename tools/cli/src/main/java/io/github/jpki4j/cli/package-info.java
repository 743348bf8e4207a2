/**
 * The {@code jpki} command line (picocli). Each command is one class; {@link
 * io.github.jpki4j.cli.CardConnector} opens the card (a PC/SC reader or the simulated card) for the
 * commands and the agent, {@link io.github.jpki4j.cli.PinSources} picks where a PIN comes from,
 * {@link io.github.jpki4j.cli.PinPrompter} applies the PIN safety rules around every VERIFY, and
 * {@link io.github.jpki4j.cli.Failures} turns every error a person can cause into one line on
 * stderr and an exit code from {@link io.github.jpki4j.cli.ExitCodes}. {@code jpki agent} is split
 * by concern: {@link io.github.jpki4j.cli.AgentCommand} (options), {@link
 * io.github.jpki4j.cli.AgentForeground}, {@link io.github.jpki4j.cli.AgentDetacher}, {@link
 * io.github.jpki4j.cli.AgentKiller}. JVM options live in {@code jvm-options.properties} ({@link
 * io.github.jpki4j.cli.JvmOptions}).
 */
package io.github.jpki4j.cli;
