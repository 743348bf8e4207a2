package io.github.jpki4j.testsupport;

import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;

/**
 * A {@link Card} for tests that need only its basic channel: T=1, an ATR of {@code 3B 00} unless
 * overridden, exclusive access and disconnecting do nothing, logical channels and control commands
 * are not supported. A test's card extends it with the channel it needs.
 */
public abstract class StubCard extends Card {
  @Override
  public ATR getATR() {
    return new ATR(new byte[] {0x3B, 0});
  }

  @Override
  public String getProtocol() {
    return "T=1";
  }

  @Override
  public CardChannel openLogicalChannel() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void beginExclusive() {}

  @Override
  public void endExclusive() {}

  @Override
  public byte[] transmitControlCommand(int code, byte[] command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void disconnect(boolean reset) {}
}
