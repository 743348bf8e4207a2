package io.github.jpki4j.sim;

import io.github.jpki4j.apdu.SimulatedCardOpener;
import java.io.IOException;
import java.nio.file.Path;
import javax.smartcardio.CardTerminal;

/**
 * The driver's {@link SimulatedCardOpener} service ({@code META-INF/services}): the persistent
 * {@link VirtualCard} in a directory. Loading this class loads neither jcardsim nor the applet;
 * {@link #open} does.
 */
public final class VirtualCardOpener implements SimulatedCardOpener {
  /** For {@link java.util.ServiceLoader}. */
  public VirtualCardOpener() {}

  @Override
  public SimulatedCard open(Path dir) throws IOException {
    return new Opened(VirtualCard.open(dir));
  }

  private record Opened(VirtualCard card) implements SimulatedCard {
    @Override
    public CardTerminal terminal() {
      return card.terminal();
    }

    @Override
    public void close() {
      card.close();
    }
  }
}
