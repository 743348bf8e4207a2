package io.github.jpki4j.apdu;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link SecretTransmitter} installed as a service, for every {@link
 * SmartcardioTransport} of the JVM: the CLI's, the agent's and the {@code JPKI} provider's cards
 * alike, without any of them wiring one.
 *
 * <p>A jar provides one with a {@code META-INF/services/io.github.jpki4j.apdu.SecretTransmitter}
 * entry (jpki4j's {@code pcsc-transmit} does, for pcsc-lite). It is looked up once, on the first
 * secret command, with {@link ServiceLoader} through this class's loader, then the thread's context
 * loader, as {@link SimulatedCardOpener} is; the first found is used. None found, or one that fails
 * to load, leaves {@link SecretTransmitter#CHANNEL}: a secret command never fails for want of one.
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
    for (ClassLoader loader :
        new ClassLoader[] {
          SecretTransmitters.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      if (loader == null) {
        continue;
      }
      try {
        Iterator<SecretTransmitter> found =
            ServiceLoader.load(SecretTransmitter.class, loader).iterator();
        if (found.hasNext()) {
          return found.next();
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        // a provider that cannot be loaded (its JNA missing, say): the channel's way
      }
    }
    return SecretTransmitter.CHANNEL;
  }
}
