package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.NoCardException;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransportException;
import java.time.Duration;
import java.util.Objects;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

// A CardSource over a javax.smartcardio terminal; its connections can be released with a reset.
final class TerminalCardSource implements CardSource {
  /** Finds the terminal; may fail (PC/SC gone, reader unplugged). */
  interface TerminalFinder {
    CardTerminal find() throws TransportException;
  }

  private final TerminalFinder finder;
  private final Duration wait;

  TerminalCardSource(TerminalFinder finder, Duration wait) {
    this.finder = finder;
    this.wait = Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("negative wait: " + wait);
    }
  }

  @Override
  public ApduTransport connect() throws TransportException {
    CardTerminal terminal = finder.find();
    String name = terminal.getName();
    try {
      if (!terminal.isCardPresent()
          && (wait.isZero() || !terminal.waitForCardPresent(Math.max(1, wait.toMillis())))) {
        throw new NoCardException("no card in reader '" + name + "'");
      }
      return new ResettableTransport(terminal.connect("*"));
    } catch (CardException | IllegalStateException e) {
      String text = e + " " + e.getCause();
      if (text.contains("SCARD_E_NO_SMARTCARD") || text.contains("SCARD_W_REMOVED_CARD")
          || e instanceof IllegalStateException) {
        throw new NoCardException("no card in reader '" + name + "'");
      }
      throw new TransportException("card reader error: " + e.getMessage(), e);
    }
  }

  @Override
  public void release(ApduTransport transport, boolean reset) {
    if (reset && transport instanceof ResettableTransport r) {
      r.resetAndClose();
    } else {
      transport.close();
    }
  }

  // The JDK's transport plus the Card, so that a release can reset the card.
  static final class ResettableTransport implements ApduTransport {
    private final Card card;
    private final SmartcardioTransport delegate;

    ResettableTransport(Card card) {
      this.card = card;
      this.delegate = new SmartcardioTransport(card);
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command)
        throws TransportException {
      return delegate.transmit(command);
    }

    @Override
    public byte[] atr() {
      return delegate.atr();
    }

    @Override
    public void beginExclusive() throws TransportException {
      delegate.beginExclusive();
    }

    @Override
    public void endExclusive() {
      delegate.endExclusive();
    }

    /** Disconnects resetting the card: the card forgets its verified PINs. */
    void resetAndClose() {
      try {
        card.disconnect(true);
      } catch (CardException | IllegalStateException e) {
        // removed or already disconnected: it has forgotten everything anyway
      }
      delegate.close();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
