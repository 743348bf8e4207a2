package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.apdu.Atr;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.NotJpkiCardException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki readers}: each reader, whether it holds a card, its ATR, and whether JPKI is on it.
 */
@Command(
    name = "readers",
    description =
        "List card readers, their cards' ATRs and whether the" + " JPKI application is found.")
final class ReadersCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;

  @Override
  public Integer call() throws Exception {
    CardConnector connector = root.connector();
    if (connector.simulated()) {
      try (CardConnector.Session s = connector.open()) {
        root.out.println(
            "simulator: "
                + s.source()
                + "  ATR "
                + Atr.parse(s.card().transport().atr())
                + "  JPKI found");
      }
      return ExitCodes.OK;
    }
    List<CardReaders.Reader> readers = CardReaders.pcsc().list();
    if (readers.isEmpty()) {
      root.out.println("no card readers found");
      return ExitCodes.NO_CARD;
    }
    for (CardReaders.Reader r : readers) {
      root.out.println(r.index() + ": " + r.name() + "  " + describe(r));
    }
    return ExitCodes.OK;
  }

  private String describe(CardReaders.Reader r) {
    if (!r.cardPresent()) {
      return "no card";
    }
    try (JpkiCard card = JpkiCard.open(CardReaders.connect(r, Duration.ZERO))) {
      return "ATR " + Atr.parse(card.transport().atr()) + "  JPKI found (My Number Card)";
    } catch (NotJpkiCardException e) {
      return "card present, no JPKI application (not a My Number Card)";
    } catch (TransportException e) {
      return "card present, not readable: " + e.getMessage();
    }
  }
}
