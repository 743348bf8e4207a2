package io.github.jpki4j.sim;

import java.util.List;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;

/** A {@link CardTerminals} with the one reader of a {@link VirtualCard}. */
final class VirtualTerminals extends CardTerminals {
  private final VirtualCard card;
  private final VirtualTerminal terminal;
  private long seenChanges;
  private boolean changed;

  VirtualTerminals(VirtualCard card, VirtualTerminal terminal) {
    this.card = card;
    this.terminal = terminal;
    this.seenChanges = card.presenceChanges();
  }

  @Override
  public synchronized List<CardTerminal> list(State state) {
    boolean present = card.isCardPresent();
    boolean include =
        switch (state) {
          case ALL -> true;
          case CARD_PRESENT -> present;
          case CARD_ABSENT -> !present;
          case CARD_INSERTION -> changed && present;
          case CARD_REMOVAL -> changed && !present;
        };
    return include ? List.of(terminal) : List.of();
  }

  @Override
  public synchronized boolean waitForChange(long timeout) throws javax.smartcardio.CardException {
    long now = card.awaitPresenceChange(seenChanges, timeout);
    changed = now >= 0;
    if (changed) {
      seenChanges = now;
    }
    return changed;
  }
}
