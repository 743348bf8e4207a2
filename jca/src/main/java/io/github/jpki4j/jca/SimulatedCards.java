package io.github.jpki4j.jca;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import javax.smartcardio.CardTerminal;

/**
 * Opens jpki4j's simulated card ({@code io.github.jpki4j.sim.VirtualCard} in {@code jpki-applet})
 * by reflection, so that {@code jca} needs neither jpki-applet nor jcardsim nor BouncyCastle on its
 * class path unless the simulated card is asked for. Two calls are made: {@code
 * VirtualCard.open(Path)} and {@code terminal()}; the card is closed as an {@link AutoCloseable}.
 */
final class SimulatedCards {
  static final String VIRTUAL_CARD = "io.github.jpki4j.sim.VirtualCard";

  private SimulatedCards() {}

  /** An open simulated card and its reader. */
  record Opened(AutoCloseable card, CardTerminal terminal) {}

  /**
   * Opens the persistent simulated card kept in {@code dir} (created there on first use).
   *
   * @throws IOException if jpki-applet is not on the class path, or the card cannot be opened (e.g.
   *     another program has it)
   */
  static Opened open(Path dir) throws IOException {
    Class<?> type = find();
    Object card;
    try {
      card = type.getMethod("open", Path.class).invoke(null, dir);
    } catch (InvocationTargetException e) {
      throw rethrow(e.getCause(), dir);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IOException("the simulated card in " + dir + " could not be opened: " + e, e);
    }
    AutoCloseable closeable = (AutoCloseable) card;
    try {
      return new Opened(closeable, (CardTerminal) type.getMethod("terminal").invoke(card));
    } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
      try {
        closeable.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("the simulated card in " + dir + " has no reader: " + e, e);
    }
  }

  private static Class<?> find() throws IOException {
    ClassNotFoundException missing = null;
    for (ClassLoader loader :
        new ClassLoader[] {
          SimulatedCards.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      if (loader == null) {
        continue;
      }
      try {
        return Class.forName(VIRTUAL_CARD, true, loader);
      } catch (ClassNotFoundException e) {
        missing = e;
      } catch (LinkageError e) {
        throw new IOException("the simulated card needs jcardsim on the class path too: " + e, e);
      }
    }
    throw new IOException(
        "the simulated card was asked for (jpki.simulator or JPKI_SIMULATOR),"
            + " but jpki4j's jpki-applet is not on the class path (add jpki-applet and jcardsim)",
        missing);
  }

  private static IOException rethrow(Throwable cause, Path dir) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof LinkageError) {
      return new IOException(
          "the simulated card needs jcardsim (and bcprov) on the class path" + " too: " + cause,
          cause);
    }
    return new IOException(
        "the simulated card in " + dir + " could not be opened: " + cause, cause);
  }
}
