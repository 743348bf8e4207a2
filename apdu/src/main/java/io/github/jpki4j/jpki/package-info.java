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
 * reaches the card, the retry counter is read (free) before every prompt and again right before
 * every VERIFY under exclusive access, and a PIN is never retried. One {@link
 * io.github.jpki4j.jpki.PinPolicy} decides what may be asked for and sent (blocked, one try left,
 * with the caller's choice as data), and {@link io.github.jpki4j.jpki.PinPrompt} words the
 * question; callers pass a {@link io.github.jpki4j.jpki.PinAsker} to {@link
 * io.github.jpki4j.jpki.JpkiCard#verifyPin(io.github.jpki4j.jpki.JpkiPin,
 * io.github.jpki4j.jpki.PinPolicy, io.github.jpki4j.jpki.PinAsker)} and get typed exceptions.
 *
 * <p>Section numbers (§) in this package's comments refer to {@code docs/card-protocol.md}.
 */
package io.github.jpki4j.jpki;
