package io.github.jpki4j.apdu;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * The card readers of one {@code javax.smartcardio} provider: listing, choosing by name or index,
 * connecting with a wait for the card. {@link #pcsc()} is the system's PC/SC; {@link #of} takes any
 * other provider's terminals (the simulator's).
 */
public final class CardReaders {
  /** One reader as listed. */
  public record Reader(int index, String name, boolean cardPresent, CardTerminal terminal) {}

  private final CardTerminals terminals;

  private CardReaders(CardTerminals terminals) {
    this.terminals = terminals;
  }

  /** Readers of any provider. */
  public static CardReaders of(CardTerminals terminals) {
    return new CardReaders(terminals);
  }

  /**
   * The system's PC/SC readers. Finds {@code libpcsclite} first where the JDK would not look.
   *
   * @throws PcscUnavailableException with a message that says what to install or start
   */
  public static CardReaders pcsc() throws PcscUnavailableException {
    return new CardReaders(pcscTerminals());
  }

  /**
   * The terminals of the system's PC/SC provider (the JDK's, unless another is put first), with
   * {@code libpcsclite} found first. The JDK's provider establishes one PC/SC context per JVM and
   * keeps it: it does not survive a restart of pcscd.
   *
   * @throws PcscUnavailableException with a message that says what to install or start
   */
  public static CardTerminals pcscTerminals() throws PcscUnavailableException {
    PcscLibrary.configure();
    try {
      return TerminalFactory.getInstance("PC/SC", null).terminals();
    } catch (NoSuchAlgorithmException e) {
      throw unavailable(e);
    }
  }

  /** What a failure to reach PC/SC means for the user: no service, or no library. */
  static PcscUnavailableException unavailable(Throwable e) {
    if (PcscErrors.kind(e) == PcscErrors.Kind.NO_SERVICE) {
      return new PcscUnavailableException(
          "the PC/SC service is not running (" + PcscLibrary.serviceHint() + ")", e);
    }
    return new PcscUnavailableException(
        "no PC/SC library could be loaded (tried "
            + PcscLibrary.status().describe()
            + "): "
            + PcscLibrary.libraryHint(),
        e);
  }

  /**
   * Lists the readers, in the provider's order (the index used by {@code --reader N}).
   *
   * @throws TransportException if PC/SC fails
   */
  public List<Reader> list() throws TransportException {
    List<CardTerminal> all;
    try {
      all = terminals.list();
    } catch (CardException e) {
      switch (PcscErrors.kind(e)) {
        case NO_READER -> {
          return List.of();
        }
        case NO_SERVICE -> throw unavailable(e);
        default -> throw PcscErrors.translate(e);
      }
    }
    List<Reader> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      CardTerminal t = all.get(i);
      boolean present;
      try {
        present = t.isCardPresent();
      } catch (CardException | IllegalStateException e) {
        present = false;
      }
      out.add(new Reader(i, t.getName(), present, t));
    }
    return out;
  }

  /**
   * Picks a reader: {@code null} means the first with a card (or the only one); a number is an
   * index into {@link #list()}; anything else an exact name, else a unique part of a name.
   *
   * @throws NoReaderException if none matches, with the list of readers in the message
   */
  public Reader choose(String nameOrIndex) throws TransportException {
    List<Reader> readers = list();
    if (readers.isEmpty()) {
      throw new NoReaderException("no card reader found: connect a reader");
    }
    if (nameOrIndex == null || nameOrIndex.isBlank()) {
      return readers.stream().filter(Reader::cardPresent).findFirst().orElse(readers.get(0));
    }
    if (nameOrIndex.matches("\\d{1,3}")) {
      int index = Integer.parseInt(nameOrIndex);
      if (index < readers.size()) {
        return readers.get(index);
      }
      throw new NoReaderException("there is no reader " + index + "; readers: " + names(readers));
    }
    for (Reader r : readers) {
      if (r.name().equals(nameOrIndex)) {
        return r;
      }
    }
    List<Reader> partial =
        readers.stream()
            .filter(
                r ->
                    r.name()
                        .toLowerCase(Locale.ROOT)
                        .contains(nameOrIndex.toLowerCase(Locale.ROOT)))
            .toList();
    if (partial.size() == 1) {
      return partial.get(0);
    }
    throw new NoReaderException(
        (partial.isEmpty() ? "no reader matches '" : "several readers match '")
            + nameOrIndex
            + "'; readers: "
            + names(readers));
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private static String names(List<Reader> readers) {
    StringBuilder s = new StringBuilder();
    for (Reader r : readers) {
      s.append(s.length() == 0 ? "" : ", ").append(r.index()).append(": ").append(r.name());
    }
    return s.toString();
  }

  /**
   * Connects to the card in a reader (any protocol), waiting up to {@code wait} for one.
   *
   * @throws NoCardException if no card arrived in time
   */
  public static ApduTransport connect(Reader reader, Duration wait) throws TransportException {
    return connect(reader.terminal(), wait);
  }

  /**
   * Connects to the card in a terminal (any protocol), waiting up to {@code wait} for one.
   *
   * @throws NoCardException if no card arrived in time, or it left while we connected
   */
  public static SmartcardioTransport connect(CardTerminal terminal, Duration wait)
      throws TransportException {
    String name = terminal.getName();
    try {
      if (!terminal.isCardPresent()) {
        long millis = Math.max(1, wait.toMillis());
        if (wait.isZero() || !terminal.waitForCardPresent(millis)) {
          throw new NoCardException(
              "no card in reader '"
                  + name
                  + "'"
                  + (wait.isZero() ? "" : " (waited " + seconds(wait) + " s)"));
        }
      }
      return new SmartcardioTransport(terminal.connect("*"));
    } catch (CardException e) {
      if (PcscErrors.kind(e) == PcscErrors.Kind.CARD_REMOVED) {
        throw new NoCardException("no card in reader '" + name + "'");
      }
      throw PcscErrors.translate(e);
    } catch (IllegalStateException e) {
      throw new NoCardException("no card in reader '" + name + "'");
    }
  }
}
