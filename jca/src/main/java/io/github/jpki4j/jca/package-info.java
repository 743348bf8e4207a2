/**
 * The {@code JPKI} security provider ({@link io.github.jpki4j.jca.JpkiProvider}): the My Number
 * Card's JPKI keys as a {@code KeyStore} ({@link io.github.jpki4j.jca.JpkiKeyStoreSpi}) and their
 * PKCS#1 v1.5 signatures as {@code Signature} ({@link io.github.jpki4j.jca.JpkiSignature}), so that
 * keytool, jarsigner, JSSE and BouncyCastle's CMS use the card through the standard APIs.
 *
 * <p>It depends on the JDK and jpki4j's {@code apdu} module only. The simulated card ({@code
 * jpki-applet}, with jcardsim) is loaded by reflection when it is asked for and present.
 */
package io.github.jpki4j.jca;
