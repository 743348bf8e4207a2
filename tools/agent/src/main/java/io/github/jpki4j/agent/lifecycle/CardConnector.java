package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.TracingTransport;
import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSelector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.ReadMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the card the global options name, for the commands and for the agent, through the driver's
 * {@link CardLocator} (which card: {@link CardSettings}). What is the CLI's own: how long a command
 * and the agent wait for a card, and {@code -v}, which traces every APDU of a command on stderr,
 * PINs masked; the agent's are not traced (its log never holds the data signed).
 */
public final class CardConnector {
  /**
   * How long a command waits for a card to be inserted: once per run, and the person who typed it
   * may be putting the card in right now.
   */
  static final Duration CARD_WAIT = Duration.ofSeconds(5);

  /**
   * How long the agent waits for a card, at each request that finds no connection: ssh is waiting
   * on the answer, and without a card that answer (no keys) should come at once, not after {@link
   * #CARD_WAIT} on every login.
   */
  static final Duration AGENT_CARD_WAIT = Duration.ofMillis(500);

  private final CardLocator locator;
  private final boolean verbose;
  private final PrintStream err;

  public CardConnector(CardSettings settings, boolean verbose, PrintStream err) {
    this.locator = new CardLocator(settings);
    this.verbose = verbose;
    this.err = err;
  }

  /** Which card, as the options, properties and environment name it. */
  public CardSettings settings() {
    return locator.settings();
  }

  /**
   * Whether the agent serves every card present: no card was named (not the simulator, no reader,
   * no fingerprint).
   */
  public boolean everyCard() {
    return locator.settings().card().equals(CardSelector.anyReader());
  }

  public ReadMode readMode() {
    return locator.settings().readMode();
  }

  public boolean simulated() {
    return locator.settings().simulated();
  }

  public Path simulatorDir() {
    return locator.settings().simulatorDir();
  }

  /**
   * A connected card, before any JPKI session, and what holds it open underneath.
   *
   * @param transport traced with {@code -v}
   * @param located the connection as the locator made it
   */
  public record Connection(ApduTransport transport, CardLocator.Connection located)
      implements AutoCloseable {
    /** "reader 'X'" or "simulated card in DIR". */
    public String source() {
      return located.source();
    }

    @Override
    public void close() {
      transport.close();
      located.close();
    }
  }

  /** An open JPKI session and the connection under it. */
  public record Session(JpkiCard card, Connection connection) implements AutoCloseable {
    /** "reader 'X'" or "simulated card in DIR". */
    public String source() {
      return connection.source();
    }

    @Override
    public void close() {
      card.close();
      connection.close();
    }
  }

  /**
   * The agent's card: fresh connections on demand from {@code source}, and what holds the simulated
   * card open until the agent stops.
   */
  public record AgentCard(CardSource source, CardLocator.Attachment attachment)
      implements AutoCloseable {
    @Override
    public void close() {
      attachment.close();
    }
  }

  /** Connects, waiting up to {@link #CARD_WAIT} for a card in a PC/SC reader. */
  public Connection connect() throws IOException {
    CardLocator.Connection c = locator.connect(CARD_WAIT);
    return new Connection(trace(c.transport()), c);
  }

  /** Connects and selects the JPKI AP. */
  public Session open() throws IOException, NotJpkiCardException {
    Connection c = connect();
    try {
      return new Session(JpkiCard.open(c.transport(), readMode()), c);
    } catch (IOException | NotJpkiCardException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * The agent's card. The PC/SC reader is chosen afresh at every connect, waiting up to {@link
   * #AGENT_CARD_WAIT}; the simulated card stays open until {@link AgentCard#close()}.
   */
  public AgentCard agentCard() throws IOException {
    CardLocator.Attachment attachment = CardSource.attach(locator.settings());
    return new AgentCard(CardSource.of(attachment, AGENT_CARD_WAIT), attachment);
  }

  private ApduTransport trace(ApduTransport t) {
    return verbose ? new TracingTransport(t, err::println) : t;
  }
}
