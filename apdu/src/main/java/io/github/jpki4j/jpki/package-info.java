/**
 * The JPKI card driver: a session ({@link io.github.jpki4j.jpki.JpkiCard}) with the JPKI
 * application (公的個人認証AP) of the My Number Card, speaking its domain: select the AP, read a
 * certificate, read a PIN counter, verify a PIN, sign a DigestInfo.
 *
 * <p>Wire values live in enums named with OpenSC's vocabulary ({@link
 * io.github.jpki4j.jpki.JpkiCertificate}, {@link io.github.jpki4j.jpki.JpkiPin}, {@link
 * io.github.jpki4j.jpki.JpkiKey}). Status words that mean something here become typed exceptions
 * ({@link io.github.jpki4j.jpki.WrongPinException}, {@link
 * io.github.jpki4j.jpki.PinBlockedException}, {@link io.github.jpki4j.jpki.NotJpkiCardException},
 * {@link io.github.jpki4j.jpki.PinRequiredException}); the rest stay {@link
 * io.github.jpki4j.apdu.ApduException}. The wire protocol is described in the project's {@code
 * docs/card-protocol.md}.
 *
 * <p>PIN safety is part of the driver, not left to callers: the format is checked before anything
 * reaches the card, the retry counter is read (free) right before every VERIFY under exclusive
 * access, the last try is only spent when the caller says so, and a PIN is never retried.
 *
 * <p>Section numbers (§) in this package's comments refer to {@code docs/card-protocol.md}.
 */
package io.github.jpki4j.jpki;
