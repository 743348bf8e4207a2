/**
 * Where a PIN comes from: one small interface, {@link io.github.jpki4j.pin.PinSource}, and its five
 * implementations, the ones the design allows. The {@code jpki} commands and the agent both ask
 * through it; {@link io.github.jpki4j.pin.PinSources} is the one place that chooses which source,
 * from the options and the environment ({@link io.github.jpki4j.pin.ProgramPath} finds helper
 * programs on the PATH).
 *
 * <ul>
 *   <li>{@link io.github.jpki4j.pin.ConsolePinSource}: the terminal, without echo.
 *   <li>{@link io.github.jpki4j.pin.StdinPinSource}: the first line of standard input, for scripts
 *       ({@code --pin-stdin}).
 *   <li>{@link io.github.jpki4j.pin.PinentryPinSource}: a GnuPG pinentry program, spoken to over
 *       the Assuan protocol on its stdin/stdout.
 *   <li>{@link io.github.jpki4j.pin.AskpassPinSource}: an OpenSSH {@code SSH_ASKPASS} program.
 *   <li>{@link io.github.jpki4j.pin.DialogPinSource}: a small Swing dialog of the JDK's own, where
 *       there is a display and nothing else to ask with; AWT is loaded only when it is first shown.
 * </ul>
 *
 * <p>The package only <em>asks</em>. It knows nothing about cards: it neither validates the PIN's
 * format nor reads retry counters; the caller builds the text of the {@link
 * io.github.jpki4j.pin.PinRequest} (tries left included) and checks the answer before it reaches
 * the card.
 *
 * <p>PIN handling rules that every source here follows:
 *
 * <ul>
 *   <li>The PIN is returned as a fresh {@code char[]} that the caller owns and wipes. No {@code
 *       String} is ever made of it, and every intermediate {@code byte[]}/{@code char[]} this
 *       package fills is zeroed before it is let go.
 *   <li>The PIN never appears in an exception message, a log line or anything written to a helper
 *       program: pinentry and askpass only ever <em>send</em> it to us.
 *   <li>Nothing is retried: one call, one question. A failure is a {@link
 *       io.github.jpki4j.pin.PinEntryException} whose {@link
 *       io.github.jpki4j.pin.PinEntryException#cancelled()} tells "the user said no" apart from "it
 *       could not be asked".
 *   <li>Helper programs run under a deadline (5 minutes by default); when it passes, the program
 *       and its descendants are stopped. The dialog closes after the same time.
 * </ul>
 */
package io.github.jpki4j.pin;
