package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransportException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

// A CardSource over a javax.smartcardio terminal; its connections can be released with a reset.
// Two live connections may share one javax.smartcardio Card (the JDK hands out the same Card while
// it is valid): when the agent abandons a stuck card thread and connects anew, the stuck
// connection is let go without disconnecting the Card the new one uses.
final class TerminalCardSource implements CardSource {
  /** Finds the terminal; may fail (PC/SC gone, reader unplugged). */
  interface TerminalFinder {
    /**
     * @param apart whether another connection of this source is still held (a card thread abandoned
     *     in a stuck call): the new one should not share its PC/SC context, whose calls the stuck
     *     one blocks
     */
    CardTerminal find(boolean apart) throws TransportException;
  }

  private final TerminalFinder finder;
  private final Duration wait;
  private volatile CardTerminal terminal; // of the last connection
  private final Set<SmartcardioTransport> live =
      Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by itself

  TerminalCardSource(TerminalFinder finder, Duration wait) {
    this.finder = finder;
    this.wait = Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("negative wait: " + wait);
    }
  }

  @Override
  public ApduTransport connect() throws TransportException {
    boolean apart;
    synchronized (live) {
      apart = !live.isEmpty(); // the worker releases before it reconnects, unless it abandoned
    }
    CardTerminal found = finder.find(apart);
    terminal = found;
    // Under the lock: a release deciding whether a Card is shared must see this connection.
    synchronized (live) {
      SmartcardioTransport t = CardReaders.connect(found, wait);
      live.add(t);
      return t;
    }
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
    if (!(transport instanceof SmartcardioTransport t)) {
      transport.close();
      return;
    }
    synchronized (live) {
      live.remove(t);
      if (reset) {
        t.closeWithReset(); // ssh-add -D: the card must forget, whoever else holds it
      } else if (live.stream().anyMatch(other -> other.sharesCardWith(t))) {
        t.detach();
      } else {
        t.close();
      }
    }
  }
}
