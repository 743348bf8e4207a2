package io.github.jpki4j.jpki;

import java.nio.file.Path;
import java.util.Objects;
import javax.smartcardio.CardTerminal;

/**
 * Which card {@link CardLocator} connects to. {@link CardSettings} makes one from the options, the
 * system properties and the environment. A new way of naming a card (say, by its auth key's
 * fingerprint) is a new kind here and one more case in {@link CardLocator}: nothing else chooses a
 * card.
 */
public sealed interface CardSelector {

  /** The simulated card kept in {@code directory} ({@code --simulator}). */
  record Simulator(Path directory) implements CardSelector {
    public Simulator {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /**
   * A PC/SC reader ({@code --reader}): its index in the reader list, its name or a unique part of
   * it; {@code null} for the first reader with a card (or the only reader).
   */
  record Reader(String nameOrIndex) implements CardSelector {
    public Reader {
      nameOrIndex = nameOrIndex == null || nameOrIndex.isBlank() ? null : nameOrIndex;
    }
  }

  /**
   * The PC/SC reader holding the card whose auth key has this SSH fingerprint ({@code --card}): the
   * whole {@code SHA256:…} as {@code ssh-keygen -l} prints it, or a unique prefix of it, with or
   * without {@code SHA256:}. See {@link PresentCards}.
   */
  record Fingerprint(String prefix) implements CardSelector {
    /** What every fingerprint starts with, optional in a prefix. */
    public static final String SCHEME = "SHA256:";

    public Fingerprint {
      Objects.requireNonNull(prefix, "prefix");
      prefix = prefix.strip();
      if (prefix.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        prefix = prefix.substring(SCHEME.length());
      }
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException(
            "a card's fingerprint is empty: give SHA256:... or a prefix of it, as jpki readers"
                + " shows it");
      }
    }

    /** Whether a card's fingerprint ({@code SHA256:…}) starts with this prefix. */
    public boolean matches(String fingerprint) {
      return fingerprint != null && fingerprint.startsWith(SCHEME + prefix);
    }

    /** The prefix as the user would type it: {@code SHA256:…}. */
    @Override
    public String toString() {
      return SCHEME + prefix;
    }
  }

  /**
   * The card in a terminal the program already holds (of any {@code javax.smartcardio} provider).
   */
  record Terminal(CardTerminal terminal) implements CardSelector {
    public Terminal {
      Objects.requireNonNull(terminal, "terminal");
    }
  }

  /** The first reader with a card: the default. */
  static CardSelector anyReader() {
    return new Reader(null);
  }
}
