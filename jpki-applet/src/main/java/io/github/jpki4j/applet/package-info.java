/**
 * The card side of the simulated My Number Card: {@link io.github.jpki4j.applet.JpkiApplet}, the
 * JPKI AP as {@code docs/card-protocol.md} describes it, with its personalization commands.
 *
 * <p>JavaCard 3.0.x classic API only (no {@code String}, no {@code java.util}, no {@code int}
 * variables, no lambdas, no host classes), so that the package could be converted to a CAP file. It
 * depends on nothing else in jpki4j; the wire constants it shares with the host driver are copied
 * into {@link io.github.jpki4j.applet.JpkiConstants} on purpose.
 *
 * <p>Section numbers (§) in this package's comments refer to {@code docs/card-protocol.md}.
 */
package io.github.jpki4j.applet;
