/**
 * The ISO 7816-4 layer of jpki4j: a small transport seam over {@code javax.smartcardio}, decorators
 * that trace APDUs (with PIN data always masked), and the channel that turns every status word
 * other than {@code 9000} into an {@link io.github.jpki4j.apdu.ApduException}, in one place.
 *
 * <p>Layers, bottom up:
 *
 * <ol>
 *   <li>{@link io.github.jpki4j.apdu.ApduTransport}: sends one {@code CommandAPDU}, returns the
 *       {@code ResponseAPDU} whatever its status. {@link
 *       io.github.jpki4j.apdu.SmartcardioTransport} is the real one (PC/SC readers and jcardsim's
 *       terminal alike); javax.smartcardio already answers {@code 61xx}/{@code 6Cxx}, so no layer
 *       here repeats that.
 *   <li>{@link io.github.jpki4j.apdu.TracingTransport}: optional decorator that prints each APDU.
 *   <li>{@link io.github.jpki4j.apdu.ApduChannel}: data on {@code 9000}, an exception otherwise.
 * </ol>
 *
 * <p>Failures split by cause: {@link java.io.IOException} ({@link
 * io.github.jpki4j.apdu.TransportException} and subclasses) when the reader or card could not be
 * reached; {@link io.github.jpki4j.apdu.CardCommandException} when the card answered but said no or
 * said something malformed. This package depends on the JDK only.
 */
package io.github.jpki4j.apdu;
