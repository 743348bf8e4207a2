package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.PcscReaders;
import io.github.jpki4j.apdu.Services;
import io.github.jpki4j.apdu.SimulatedCardOpener;
import io.github.jpki4j.apdu.SimulatedCardOpener.SimulatedCard;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransportException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.smartcardio.CardTerminal;

/**
 * Finds and connects the card that {@link CardSettings} name: the one place that turns "which card"
 * into a connection, for the {@code jpki} command, its agent and the {@code JPKI} provider.
 *
 * <ul>
 *   <li>A PC/SC reader is chosen among the readers present at each connect ({@link
 *       CardReaders#choose}), through {@link PcscReaders} (the JDK's provider unless told
 *       otherwise), and the card waited for up to the caller's wait. A card named by its
 *       fingerprint is looked for among the cards present; with none named and several My Number
 *       Cards present, none is picked ({@link PresentCards}).
 *   <li>The simulated card is opened through the {@link SimulatedCardOpener} service that {@code
 *       jpki-applet} provides, found with {@link ServiceLoader} only then: the reader path loads no
 *       simulator class. It is there or not; nobody waits for it.
 *   <li>A terminal the program holds is connected as it is, without waiting.
 * </ul>
 *
 * <p>{@link #connect} is one connection, for one command or one keystore. {@link #attach} is for a
 * program that connects again and again (the agent): the simulated card is opened once and held, a
 * reader chosen afresh each time.
 */
public final class CardLocator {
  private final CardSettings settings;
  private final PcscReaders pcsc;

  /** A locator that reaches PC/SC through the JDK's provider. */
  public CardLocator(CardSettings settings) {
    this(settings, PcscReaders.system());
  }

  /** A locator that reaches PC/SC through {@code pcsc}. */
  public CardLocator(CardSettings settings, PcscReaders pcsc) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pcsc = Objects.requireNonNull(pcsc, "pcsc");
  }

  /** The settings this locator follows. */
  public CardSettings settings() {
    return settings;
  }

  /**
   * Connects to the card once.
   *
   * @param readerWait how long to wait for a card to be put into a PC/SC reader
   * @throws io.github.jpki4j.apdu.NoCardException if no card arrived in time
   * @throws io.github.jpki4j.apdu.NoReaderException if there is no (such) reader
   * @throws io.github.jpki4j.apdu.PcscUnavailableException if PC/SC cannot be used
   * @throws IOException if the simulated card cannot be opened
   */
  public Connection connect(Duration readerWait) throws IOException {
    Attachment attachment = attach();
    try {
      CardTerminal terminal = attachment.terminal(false);
      SmartcardioTransport transport =
          CardReaders.connect(terminal, attachment.cardWait(readerWait));
      return new Connection(transport, attachment, attachment.describe(terminal));
    } catch (IOException | RuntimeException e) {
      attachment.close();
      throw e;
    }
  }

  /**
   * Gets ready to connect as often as needed: opens the simulated card now (and holds it until
   * {@link Attachment#close()}); a reader is chosen at each {@link Attachment#terminal}.
   *
   * @throws IOException if the simulated card cannot be opened
   */
  public Attachment attach() throws IOException {
    CardSelector card = settings.card();
    if (card instanceof CardSelector.Simulator s) {
      SimulatedCard simulated = openSimulator(s.directory());
      return new Attachment(
          apart -> simulated.terminal(), false, simulated, "simulated card in " + s.directory());
    }
    if (card instanceof CardSelector.Terminal t) {
      return new Attachment(apart -> t.terminal(), false, null, null);
    }
    ReadMode mode = settings.readMode();
    if (card instanceof CardSelector.Fingerprint f) {
      return new Attachment(
          apart ->
              pcsc.choose(
                  apart,
                  readers ->
                      PresentCards.choose(PresentCards.identify(readers, mode), f)
                          .reader()
                          .terminal()),
          true,
          null,
          null);
    }
    String reader = ((CardSelector.Reader) card).nameOrIndex();
    return new Attachment(
        apart ->
            pcsc.choose(
                apart,
                readers ->
                    reader == null
                        ? PresentCards.chooseUnnamed(readers, mode).terminal()
                        : readers.choose(reader).terminal()),
        true,
        null,
        null);
  }

  /** One connected card and what holds it open. */
  public static final class Connection implements AutoCloseable {
    private final SmartcardioTransport transport;
    private final Attachment attachment;
    private final String source;

    private Connection(SmartcardioTransport transport, Attachment attachment, String source) {
      this.transport = transport;
      this.attachment = attachment;
      this.source = source;
    }

    /** The connection to the card. */
    public SmartcardioTransport transport() {
      return transport;
    }

    /** "reader 'NAME'" or "simulated card in DIR", for messages. */
    public String source() {
      return source;
    }

    /** Disconnects leaving the card powered, and releases the simulated card. Idempotent. */
    @Override
    public void close() {
      transport.close();
      attachment.close();
    }

    /**
     * Disconnects resetting the card, so that it forgets the PINs verified on it, and releases the
     * simulated card. Idempotent.
     */
    public void closeWithReset() {
      transport.closeWithReset();
      attachment.close();
    }
  }

  /** Finds a terminal, anew at each call where a reader is chosen. */
  @FunctionalInterface
  private interface TerminalFinder {
    CardTerminal find(boolean apart) throws TransportException;
  }

  /**
   * Where connections to the named card come from, for as long as it is open. Thread-safe; {@link
   * #close()} releases the simulated card (connections made meanwhile should be closed first).
   */
  public static final class Attachment implements AutoCloseable {
    private final TerminalFinder finder;
    private final boolean pcscReader;
    private final SimulatedCard simulated;
    private final String simulatedSource;

    private Attachment(
        TerminalFinder finder,
        boolean pcscReader,
        SimulatedCard simulated,
        String simulatedSource) {
      this.finder = finder;
      this.pcscReader = pcscReader;
      this.simulated = simulated;
      this.simulatedSource = simulatedSource;
    }

    /**
     * The terminal holding the card now: for a reader, chosen among those present now.
     *
     * @param apart see {@link PcscReaders#choose}
     * @throws TransportException if no reader matches or PC/SC cannot be used
     */
    public CardTerminal terminal(boolean apart) throws TransportException {
      return finder.find(apart);
    }

    /** Whether the card is the simulated one. */
    public boolean simulated() {
      return simulated != null;
    }

    /**
     * How long to wait for a card in this attachment's terminal: {@code readerWait} for a PC/SC
     * reader, none for the simulated card or a terminal the program gave.
     */
    public Duration cardWait(Duration readerWait) {
      return pcscReader ? readerWait : Duration.ZERO;
    }

    /** "reader 'NAME'" or "simulated card in DIR". */
    public String describe(CardTerminal terminal) {
      return simulatedSource != null ? simulatedSource : "reader '" + terminal.getName() + "'";
    }

    /** Releases the simulated card, if any. Idempotent; never throws. */
    @Override
    public void close() {
      if (simulated != null) {
        simulated.close();
      }
    }
  }

  // ---- the simulated card, through the service jpki-applet provides ---------------------------

  private static SimulatedCard openSimulator(Path dir) throws IOException {
    SimulatedCardOpener opener = findOpener();
    try {
      return opener.open(dir);
    } catch (LinkageError e) {
      throw new IOException(
          "the simulated card needs jcardsim (and bcprov) on the class path too: " + e, e);
    } catch (RuntimeException e) {
      throw new IOException("the simulated card in " + dir + " could not be opened: " + e, e);
    }
  }

  private static SimulatedCardOpener findOpener() throws IOException {
    SimulatedCardOpener opener;
    try {
      opener = Services.first(SimulatedCardOpener.class, CardLocator.class);
    } catch (ServiceConfigurationError e) {
      if (e.getCause() instanceof LinkageError) {
        throw new IOException(
            "the simulated card needs jcardsim on the class path too: " + e.getCause(), e);
      }
      throw new IOException("the simulated card could not be loaded: " + e.getMessage(), e);
    }
    if (opener != null) {
      return opener;
    }
    throw new IOException(
        "the simulated card was asked for (jpki.simulator or JPKI_SIMULATOR),"
            + " but jpki4j's jpki-applet is not on the class path (add jpki-applet and jcardsim)");
  }
}
