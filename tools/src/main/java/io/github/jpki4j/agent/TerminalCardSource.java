package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransportException;
import java.time.Duration;
import java.util.Objects;
import javax.smartcardio.CardTerminal;

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
    return CardReaders.connect(finder.find(), wait);
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
