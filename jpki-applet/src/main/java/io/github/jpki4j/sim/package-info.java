/**
 * The host side of the simulated card: {@link io.github.jpki4j.sim.VirtualCard} (the applet in
 * jcardsim behind a {@code javax.smartcardio} reader, in memory or kept in a directory with
 * persistent PIN counters), {@link io.github.jpki4j.sim.TestIdentity} (deterministic test keys and
 * certificates) and {@link io.github.jpki4j.sim.Personalizer} (the APDUs that load them).
 *
 * <p>Only certificate generation uses BouncyCastle; loading a saved card uses the JDK and jcardsim
 * alone.
 *
 * <p>Section numbers (§) in this package's comments refer to {@code docs/card-protocol.md}.
 */
package io.github.jpki4j.sim;
