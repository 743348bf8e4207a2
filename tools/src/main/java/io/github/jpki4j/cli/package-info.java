/**
 * The {@code jpki} command line (picocli). Each command is one class; {@link
 * io.github.jpki4j.cli.CardConnector} opens the card (a PC/SC reader or the simulated card), {@link
 * io.github.jpki4j.cli.PinPrompter} applies the PIN safety rules around every VERIFY, and {@link
 * io.github.jpki4j.cli.Failures} turns every error a person can cause into one line on stderr and
 * an exit code from {@link io.github.jpki4j.cli.ExitCodes}.
 */
package io.github.jpki4j.cli;
