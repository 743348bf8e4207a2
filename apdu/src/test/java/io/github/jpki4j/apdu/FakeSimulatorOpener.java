package io.github.jpki4j.apdu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.CardTerminal;

/**
 * A stand-in for jpki-applet's simulated card, registered as the {@link SimulatedCardOpener}
 * service of the apdu tests: a fake reader per directory, and a record of what was opened and
 * closed.
 */
public final class FakeSimulatorOpener implements SimulatedCardOpener {
  /** Every card opened, in order (ServiceLoader makes a new opener for each lookup). */
  static final List<Opened> OPENED = new ArrayList<>();

  /** Whether the next card opened has a card in its reader. */
  static volatile boolean cardInReader = true;

  /** The next open fails with this, if set. */
  static volatile IOException failure;

  /** One opened card. */
  static final class Opened implements SimulatedCard {
    final Path dir;
    final CardReadersTest.FakeTerminal terminal;
    volatile int closes;

    Opened(Path dir, boolean present) {
      this.dir = dir;
      this.terminal = new CardReadersTest.FakeTerminal("simulated " + dir, present);
    }

    @Override
    public CardTerminal terminal() {
      return terminal;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Override
  public SimulatedCard open(Path dir) throws IOException {
    IOException f = failure;
    if (f != null) {
      throw f;
    }
    Opened o = new Opened(dir, cardInReader);
    synchronized (OPENED) {
      OPENED.add(o);
    }
    return o;
  }

  static void reset() {
    synchronized (OPENED) {
      OPENED.clear();
    }
    cardInReader = true;
    failure = null;
  }

  static Opened last() {
    synchronized (OPENED) {
      return OPENED.get(OPENED.size() - 1);
    }
  }
}
