package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.TransportException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

// Makes exclusive access nest, so that the card thread can hold the card for a whole operation
// around driver calls that take it themselves (JpkiCard.verifyPin). Used by one thread only.
final class ReentrantExclusiveTransport implements ApduTransport {
  private final ApduTransport delegate;
  private int depth;

  ReentrantExclusiveTransport(ApduTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    return delegate.transmit(command);
  }

  @Override
  public byte[] atr() {
    return delegate.atr();
  }

  @Override
  public void beginExclusive() throws TransportException {
    if (depth == 0) {
      delegate.beginExclusive();
    }
    depth++;
  }

  @Override
  public void endExclusive() {
    if (depth > 0 && --depth == 0) {
      delegate.endExclusive();
    }
  }

  @Override
  public void close() {
    if (depth > 0) {
      depth = 0;
      delegate.endExclusive();
    }
    delegate.close();
  }
}
