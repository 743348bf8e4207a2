package io.github.jpki4j.cli;

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
 * Opens the card the global options name: the simulated card ({@code --simulator[=DIR]} or
 * {@code JPKI_SIMULATOR}) or a PC/SC reader ({@code --reader} or {@code JPKI_READER}, else the first
 * reader with a card). With {@code -v} every APDU is traced on stderr, PINs masked.
 */
final class CardConnector {
  /** How long to wait for a card to be inserted before giving up. */
  static final Duration CARD_WAIT = Duration.ofSeconds(5);

  private final String reader;
  private final Path simulatorDir;
  private final ReadMode readMode;
  private final boolean verbose;
  private final PrintStream err;

  CardConnector(String reader, Path simulatorDir, ReadMode readMode, boolean verbose,
      PrintStream err) {
    this.reader = reader;
    this.simulatorDir = simulatorDir;
    this.readMode = readMode;
    this.verbose = verbose;
    this.err = err;
  }

  ReadMode readMode() {
    return readMode;
  }

  boolean simulated() {
    return simulatorDir != null;
  }

  Path simulatorDir() {
    return simulatorDir;
  }

  /** An open JPKI session and what it holds open underneath. */
  static final class Session implements AutoCloseable {
    private final JpkiCard card;
    private final VirtualCard virtualCard;
    private final String source;

    Session(JpkiCard card, VirtualCard virtualCard, String source) {
      this.card = card;
      this.virtualCard = virtualCard;
      this.source = source;
    }

    JpkiCard card() {
      return card;
    }

    /** "reader 'X'" or "simulated card in DIR". */
    String source() {
      return source;
    }

    @Override
    public void close() {
      card.close();
      if (virtualCard != null) {
        virtualCard.close();
      }
    }
  }

  /** Connects and selects the JPKI AP. */
  Session open() throws IOException, NotJpkiCardException {
    if (simulatorDir != null) {
      VirtualCard vc = VirtualCard.open(simulatorDir);
      try {
        ApduTransport t = CardReaders.connect(vc.terminal(), Duration.ZERO);
        return new Session(JpkiCard.open(trace(t), readMode), vc,
            "simulated card in " + simulatorDir);
      } catch (IOException | NotJpkiCardException | RuntimeException e) {
        vc.close();
        throw e;
      }
    }
    CardReaders.Reader chosen = CardReaders.pcsc().choose(reader);
    ApduTransport t = CardReaders.connect(chosen, CARD_WAIT);
    return new Session(JpkiCard.open(trace(t), readMode), null,
        "reader '" + chosen.name() + "'");
  }

  private ApduTransport trace(ApduTransport t) {
    return verbose ? new TracingTransport(t, err::println) : t;
  }
}
