/**
 * The {@code JPKI} security provider ({@link io.github.jpki4j.jca.JpkiProvider}): the My Number
 * Card's JPKI keys as a {@code KeyStore} ({@link io.github.jpki4j.jca.JpkiKeyStoreSpi}) and their
 * PKCS#1 v1.5 signatures as {@code Signature} ({@link io.github.jpki4j.jca.JpkiSignature}), so that
 * keytool, jarsigner, JSSE and BouncyCastle's CMS use the card through the standard APIs.
 *
 * <p>It depends on the JDK and jpki4j's {@code apdu} module only, and finds the card as the {@code
 * jpki} command does ({@link io.github.jpki4j.jpki.CardLocator}). The simulated card ({@code
 * jpki-applet}, with jcardsim) is a service the driver finds when it is asked for and present.
 */
package io.github.jpki4j.jca;
