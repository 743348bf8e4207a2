package io.github.jpki4j.apdu;

import javax.smartcardio.CardTerminal;

/**
 * Where the PC/SC readers come from when a card is looked for in one. The JDK's provider ({@link
 * #system()}) keeps one PC/SC context per JVM, which is fine for one command; a program that runs
 * for days passes one that establishes its context again after the service restarted, and decides
 * when a failed choice is worth a fresh context. The choice itself (which reader) is always the
 * caller's {@link ReaderChoice}, so the rule for picking a reader stays in one place.
 */
@FunctionalInterface
public interface PcscReaders {

  /**
   * Runs {@code choice} over the readers of a working PC/SC context.
   *
   * @param apart whether a connection made earlier through this source is stuck in a call (its
   *     thread was abandoned): the choice should then not share that connection's context
   * @throws TransportException as the choice throws, or if PC/SC cannot be used
   */
  CardTerminal choose(boolean apart, ReaderChoice choice) throws TransportException;

  /** Picks one terminal among the readers listed now. */
  @FunctionalInterface
  interface ReaderChoice {
    CardTerminal from(CardReaders readers) throws TransportException;
  }

  /** The system's PC/SC through the JDK's provider ({@link CardReaders#pcsc()}). */
  static PcscReaders system() {
    return (apart, choice) -> choice.from(CardReaders.pcsc());
  }
}
