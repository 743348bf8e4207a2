package io.github.jpki4j.pcsc;

import io.github.jpki4j.apdu.SecretTransmitter;
import java.util.Locale;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;

/**
 * Sends a secret command (VERIFY's PIN) straight to pcsc-lite's {@code SCardTransmit} from native
 * memory it wipes ({@link NativeTransmit}), for a card of the JDK's PC/SC provider or of
 * jnasmartcardio ({@link CardHandle}): both providers' own transmit first copy the command into a
 * Java array, which nobody can wipe.
 *
 * <p>The {@link SecretTransmitter} service of this jar ({@code META-INF/services}): every {@link
 * io.github.jpki4j.apdu.SmartcardioTransport} of the JVM finds it, so the CLI, the agent and the
 * {@code JPKI} provider need no wiring. Whatever cannot go the direct way goes through {@link
 * SecretTransmitter#CHANNEL}, exactly as without this jar, and never fails for it: another
 * provider's card (the simulated card's terminal), a JDK card without {@code --add-opens
 * java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, a system other than Linux, no JNA, no
 * {@code SCardTransmit}.
 */
public final class PcscSecretTransmitter implements SecretTransmitter {
  private static final boolean LINUX =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

  private NativeTransmit direct; // guarded by this
  private boolean looked; // guarded by this

  /** For {@link java.util.ServiceLoader}: loads nothing until a secret command is sent. */
  public PcscSecretTransmitter() {}

  @Override
  public int transmit(Card card, byte[] command, byte[] response) throws CardException {
    if (LINUX && CardHandle.known(card)) {
      Optional<CardHandle> handle = CardHandle.of(card);
      NativeTransmit f = handle.isPresent() ? direct() : null;
      if (f != null) {
        return f.send(handle.get(), command, response);
      }
    }
    return CHANNEL.transmit(card, command, response);
  }

  /**
   * Whether a secret command to {@code card} goes straight to pcsc-lite (for {@code jpki doctor}
   * and tests); false means through {@link SecretTransmitter#CHANNEL}.
   */
  public boolean direct(Card card) {
    return LINUX && CardHandle.of(card).isPresent() && direct() != null;
  }

  private synchronized NativeTransmit direct() {
    if (!looked) {
      looked = true;
      try {
        direct = NativeTransmit.load();
      } catch (LinkageError | RuntimeException e) {
        direct = null; // no JNA, no pcsc-lite, no SCardTransmit: the channel's way
      }
    }
    return direct;
  }
}
