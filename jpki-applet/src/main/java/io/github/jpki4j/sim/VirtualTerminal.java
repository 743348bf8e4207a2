package io.github.jpki4j.sim;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;

/** The simulated reader of a {@link VirtualCard}. */
final class VirtualTerminal extends CardTerminal {
  private final VirtualCard card;

  VirtualTerminal(VirtualCard card) {
    this.card = card;
  }

  @Override
  public String getName() {
    return VirtualCard.READER_NAME;
  }

  @Override
  public Card connect(String protocol) throws CardException {
    return card.connect(protocol);
  }

  @Override
  public boolean isCardPresent() {
    return card.isCardPresent();
  }

  @Override
  public boolean waitForCardPresent(long timeout) throws CardException {
    return card.awaitPresence(true, timeout);
  }

  @Override
  public boolean waitForCardAbsent(long timeout) throws CardException {
    return card.awaitPresence(false, timeout);
  }

  @Override
  public String toString() {
    return "VirtualTerminal: " + getName();
  }
}
