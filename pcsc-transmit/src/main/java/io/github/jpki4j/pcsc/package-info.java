/**
 * PIN bytes straight to pcsc-lite: {@link io.github.jpki4j.pcsc.PcscSecretTransmitter}, the {@code
 * apdu} module's {@link io.github.jpki4j.apdu.SecretTransmitter} service for the JDK's PC/SC
 * provider and for jnasmartcardio, found by every {@link
 * io.github.jpki4j.apdu.SmartcardioTransport} when this jar (and JNA) is on the class path: the
 * CLI's, the agent's and the {@code JPKI} provider's. {@link io.github.jpki4j.pcsc.CardHandle}
 * reads a card's PC/SC handle; {@link io.github.jpki4j.pcsc.NativeTransmit} calls {@code
 * SCardTransmit} through JNA.
 */
package io.github.jpki4j.pcsc;
