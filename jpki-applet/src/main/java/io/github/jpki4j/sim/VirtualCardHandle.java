package io.github.jpki4j.sim;

import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/**
 * One connection to a {@link VirtualCard}, with the state rules of the JDK's PC/SC {@code Card}:
 * after {@link #disconnect} every method throws {@code IllegalStateException("Card has been
 * disconnected")}; the first command after the card was pulled throws a {@link CardException}
 * caused by {@code SCARD_W_REMOVED_CARD}, later ones {@code IllegalStateException("Card has been
 * removed")}; exclusive access belongs to one thread, and taking it is atomic: of many threads
 * asking at once, exactly one gets it.
 */
final class VirtualCardHandle extends Card {
  private static final int OPEN = 0;
  private static final int DISCONNECTED = 1;
  private static final int REMOVED = 2;

  final long insertion;
  final long session;
  private final VirtualCard card;
  private final VirtualChannel basicChannel;
  private volatile int state = OPEN;
  private final AtomicReference<Thread> exclusiveThread = new AtomicReference<>();

  VirtualCardHandle(VirtualCard card, long insertion, long session) {
    this.card = card;
    this.insertion = insertion;
    this.session = session;
    this.basicChannel = new VirtualChannel(this);
  }

  /** A CardException shaped like the JDK's: the PC/SC code is in the cause's message. */
  static CardException pcscFailure(String operation, String pcscCode) {
    return new CardException(operation, new PcscException(pcscCode));
  }

  @Override
  public ATR getATR() {
    checkState();
    return new ATR(card.atr());
  }

  @Override
  public String getProtocol() {
    return "T=1";
  }

  @Override
  public CardChannel getBasicChannel() {
    checkState();
    return basicChannel;
  }

  @Override
  public CardChannel openLogicalChannel() throws CardException {
    checkState();
    checkExclusive();
    byte[] response = transmit(new byte[] {0x00, 0x70, 0x00, 0x00, 0x01});
    int sw = ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    throw new CardException(
        String.format("openLogicalChannel() failed, card response: SW=%04X", sw));
  }

  @Override
  public void beginExclusive() throws CardException {
    checkState();
    Thread me = Thread.currentThread();
    // Claim first, then check the connection: a check-then-set let two threads both in.
    if (!exclusiveThread.compareAndSet(null, me)) {
      Thread owner = exclusiveThread.get();
      throw new CardException(
          "Exclusive access has already been assigned to Thread "
              + (owner == null ? "(released meanwhile)" : owner.getName()));
    }
    try {
      card.checkConnection(this, "beginExclusive() failed");
    } catch (CardException | RuntimeException e) {
      exclusiveThread.compareAndSet(me, null);
      throw e;
    }
  }

  @Override
  public void endExclusive() throws CardException {
    checkState();
    if (!exclusiveThread.compareAndSet(Thread.currentThread(), null)) {
      throw new IllegalStateException("Exclusive access not assigned to current Thread");
    }
  }

  @Override
  public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
    checkState();
    throw pcscFailure("transmitControlCommand() failed", "SCARD_E_UNSUPPORTED_FEATURE");
  }

  @Override
  public void disconnect(boolean reset) throws CardException {
    if (state != OPEN) {
      return;
    }
    checkExclusive();
    card.disconnect(this, reset);
    state = DISCONNECTED;
    exclusiveThread.set(null);
  }

  byte[] transmit(byte[] command) throws CardException {
    checkState();
    checkExclusive();
    return card.transmit(this, command);
  }

  boolean isOpen() {
    return state == OPEN;
  }

  void markRemoved() {
    if (state == OPEN) {
      state = REMOVED;
    }
  }

  void checkState() {
    int s = state;
    if (s == DISCONNECTED) {
      throw new IllegalStateException("Card has been disconnected");
    }
    if (s == REMOVED) {
      throw new IllegalStateException("Card has been removed");
    }
  }

  private void checkExclusive() throws CardException {
    Thread owner = exclusiveThread.get();
    if (owner != null && owner != Thread.currentThread()) {
      throw new CardException("Exclusive access established by another Thread");
    }
  }

  @Override
  public String toString() {
    return "VirtualCard, protocol T=1, state " + (state == OPEN ? "OK" : "gone");
  }

  /** Stands in for the JDK's internal {@code sun.security.smartcardio.PCSCException}. */
  static final class PcscException extends Exception {
    private static final long serialVersionUID = 1L;

    PcscException(String code) {
      super(code);
    }
  }
}
