package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransportException;
import java.time.Duration;
import java.util.Objects;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

// A CardSource over a javax.smartcardio terminal; its connections can be released with a reset.
final class TerminalCardSource implements CardSource {
  /** Finds the terminal; may fail (PC/SC gone, reader unplugged). */
  interface TerminalFinder {
    CardTerminal find() throws TransportException;
  }

  private final TerminalFinder finder;
  private final Duration wait;
  private volatile CardTerminal terminal; // of the last connection

  TerminalCardSource(TerminalFinder finder, Duration wait) {
    this.finder = finder;
    this.wait = Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("negative wait: " + wait);
    }
  }

  @Override
  public ApduTransport connect() throws TransportException {
    CardTerminal found = finder.find();
    terminal = found;
    return CardReaders.connect(found, wait);
  }

  @Override
  public boolean present(ApduTransport connection) {
    CardTerminal t = terminal;
    try {
      return t != null && t.isCardPresent();
    } catch (CardException | IllegalStateException e) {
      return false; // the reader or the PC/SC service is gone
    }
  }

  @Override
  public void release(ApduTransport transport, boolean reset) {
    if (reset && transport instanceof SmartcardioTransport t) {
      t.closeWithReset();
    } else {
      transport.close();
    }
  }
}
