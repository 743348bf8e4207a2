package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.apdu.Atr;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.PresentCards;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki readers}: each reader, whether it holds a card, its ATR, whether JPKI is on it, and
 * for a My Number Card its name (the auth key's SSH fingerprint, what {@code --card} takes), the
 * auth certificate's expiry and whether it has a signature key; all without a PIN.
 */
@Command(
    name = "readers",
    description =
        "List card readers, their cards' ATRs and whether the JPKI application is found; for"
            + " each My Number Card its fingerprint (what --card takes, as ssh-keygen -l shows"
            + " its SSH key), when its auth certificate expires and whether it has a signature"
            + " key. Needs no PIN.")
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
                + "  JPKI found"
                + identity(s.card()));
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

  /**
   * " SHA256:… auth certificate until YYYY-MM-DD signature key: yes|no": the card's name and what
   * it holds, read without a PIN.
   */
  static String identity(JpkiCard card) {
    try {
      String name = PresentCards.fingerprint(card);
      LocalDate until =
          card.readCertificate(JpkiCertificate.AUTH)
              .getNotAfter()
              .toInstant()
              .atZone(ZoneOffset.UTC)
              .toLocalDate();
      return "  "
          + name
          + "  auth certificate until "
          + until
          + "  signature key: "
          + (hasSignatureKey(card) ? "yes" : "no");
    } catch (CardCommandException | TransportException e) {
      return "  (auth key not readable: " + e.getMessage() + ")";
    }
  }

  private static boolean hasSignatureKey(JpkiCard card)
      throws CardCommandException, TransportException {
    try {
      card.requireSignatureKeyPair();
      return true;
    } catch (NoSignatureKeyException e) {
      return false;
    }
  }

  private String describe(CardReaders.Reader r) {
    if (!r.cardPresent()) {
      return "no card";
    }
    try (JpkiCard card = JpkiCard.open(CardReaders.connect(r, Duration.ZERO))) {
      return "ATR "
          + Atr.parse(card.transport().atr())
          + "  JPKI found (My Number Card)"
          + identity(card);
    } catch (NotJpkiCardException e) {
      return "card present, no JPKI application (not a My Number Card)";
    } catch (TransportException e) {
      return "card present, not readable: " + e.getMessage();
    }
  }
}
