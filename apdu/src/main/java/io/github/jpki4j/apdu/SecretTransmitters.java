package io.github.jpki4j.apdu;

import java.util.ServiceConfigurationError;

/**
 * Finds the {@link SecretTransmitter} installed as a service, for every {@link
 * SmartcardioTransport} of the JVM: the CLI's, the agent's and the {@code JPKI} provider's cards
 * alike, without any of them wiring one.
 *
 * <p>A jar provides one with a {@code META-INF/services/io.github.jpki4j.apdu.SecretTransmitter}
 * entry (jpki4j's {@code pcsc-transmit} does, for pcsc-lite). It is looked up once, on the first
 * secret command, as {@link Services} finds one; the first found is used. None found, or one that
 * fails to load, leaves {@link SecretTransmitter#CHANNEL}: a secret command never fails for want of
 * one.
 */
public final class SecretTransmitters {
  private static volatile SecretTransmitter installed;

  private SecretTransmitters() {}

  /** The installed transmitter, or {@link SecretTransmitter#CHANNEL} when there is none. */
  public static SecretTransmitter installed() {
    SecretTransmitter t = installed;
    if (t == null) {
      t = find();
      installed = t;
    }
    return t;
  }

  private static SecretTransmitter find() {
    try {
      SecretTransmitter t = Services.first(SecretTransmitter.class, SecretTransmitters.class);
      return t == null ? SecretTransmitter.CHANNEL : t;
    } catch (ServiceConfigurationError | LinkageError e) {
      return SecretTransmitter.CHANNEL; // one that cannot be loaded (its JNA missing, say)
    }
  }
}
