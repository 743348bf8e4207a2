package io.github.jpki4j.apdu;

import java.io.IOException;
import java.nio.file.Path;
import javax.smartcardio.CardTerminal;

/**
 * The service that opens jpki4j's simulated card: a seam so that the driver, the provider and the
 * CLI reach the simulator without naming it. {@code jpki-applet} implements it (its {@code
 * META-INF/services} entry); {@link io.github.jpki4j.jpki.CardLocator} finds it with {@link
 * java.util.ServiceLoader}, and only when the simulated card is asked for, so that a program using
 * a real reader loads no simulator, jcardsim or BouncyCastle class. Implementations need a public
 * no-argument constructor that loads nothing heavy.
 */
public interface SimulatedCardOpener {

  /**
   * Opens the persistent simulated card kept in {@code dir}, creating it there on first use.
   *
   * @throws IOException if the card cannot be opened, e.g. because another program has it open
   */
  SimulatedCard open(Path dir) throws IOException;

  /** An open simulated card: a {@code javax.smartcardio} reader with the card in it. */
  interface SimulatedCard extends AutoCloseable {
    /** The reader holding the card; connect to it as to a PC/SC reader. */
    CardTerminal terminal();

    /** Saves and releases the card (another program may open it then). Never throws. */
    @Override
    void close();
  }
}
