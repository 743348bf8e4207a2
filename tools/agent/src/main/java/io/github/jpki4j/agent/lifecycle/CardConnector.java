package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.TracingTransport;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.VirtualCard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the card the global options name, for the commands and for the agent: the simulated card
 * ({@code --simulator[=DIR]} or {@code JPKI_SIMULATOR}) or a PC/SC reader ({@code --reader} or
 * {@code JPKI_READER}, else the first reader with a card). With {@code -v} every APDU of a command
 * is traced on stderr, PINs masked; the agent's are not (its log never holds the data signed).
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

  private final String reader;
  private final Path simulatorDir;
  private final ReadMode readMode;
  private final boolean verbose;
  private final PrintStream err;

  public CardConnector(
      String reader, Path simulatorDir, ReadMode readMode, boolean verbose, PrintStream err) {
    this.reader = reader;
    this.simulatorDir = simulatorDir;
    this.readMode = readMode;
    this.verbose = verbose;
    this.err = err;
  }

  public ReadMode readMode() {
    return readMode;
  }

  public boolean simulated() {
    return simulatorDir != null;
  }

  public Path simulatorDir() {
    return simulatorDir;
  }

  /**
   * A connected card, before any JPKI session, and what holds it open underneath.
   *
   * @param transport traced with {@code -v}
   * @param virtualCard the simulated card, or null
   * @param source "reader 'X'" or "simulated card in DIR"
   */
  public record Connection(ApduTransport transport, VirtualCard virtualCard, String source)
      implements AutoCloseable {
    @Override
    public void close() {
      transport.close();
      if (virtualCard != null) {
        virtualCard.close();
      }
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
   * The agent's card: fresh connections on demand from {@code source}, and the simulated card (or
   * null) to close when the agent stops.
   */
  public record AgentCard(CardSource source, VirtualCard virtualCard) implements AutoCloseable {
    @Override
    public void close() {
      if (virtualCard != null) {
        virtualCard.close();
      }
    }
  }

  /** Connects, waiting up to {@link #CARD_WAIT} for a card in a PC/SC reader. */
  public Connection connect() throws IOException {
    if (simulatorDir != null) {
      VirtualCard vc = VirtualCard.open(simulatorDir);
      try {
        return new Connection(
            trace(CardReaders.connect(vc.terminal(), Duration.ZERO)),
            vc,
            "simulated card in " + simulatorDir);
      } catch (IOException | RuntimeException e) {
        vc.close();
        throw e;
      }
    }
    CardReaders.Reader chosen = CardReaders.pcsc().choose(reader);
    return new Connection(
        trace(CardReaders.connect(chosen, CARD_WAIT)), null, "reader '" + chosen.name() + "'");
  }

  /** Connects and selects the JPKI AP. */
  public Session open() throws IOException, NotJpkiCardException {
    Connection c = connect();
    try {
      return new Session(JpkiCard.open(c.transport(), readMode), c);
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
    if (simulatorDir != null) {
      VirtualCard vc = VirtualCard.open(simulatorDir.toAbsolutePath());
      return new AgentCard(CardSource.of(vc.terminal(), Duration.ZERO), vc);
    }
    return new AgentCard(CardSource.pcsc(reader, AGENT_CARD_WAIT), null);
  }

  private ApduTransport trace(ApduTransport t) {
    return verbose ? new TracingTransport(t, err::println) : t;
  }
}
