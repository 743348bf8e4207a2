package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;

// Makes exclusive access nest, so that the card thread can hold the card for a whole operation
// around driver calls that take it themselves (JpkiCard.verifyPin). Used by one thread only.
final class ReentrantExclusiveTransport extends ForwardingTransport {
  private int depth;

  ReentrantExclusiveTransport(ApduTransport delegate) {
    super(delegate);
  }

  @Override
  public void beginExclusive() throws TransportException {
    if (depth == 0) {
      inner.beginExclusive();
    }
    depth++;
  }

  @Override
  public void endExclusive() {
    if (depth > 0 && --depth == 0) {
      inner.endExclusive();
    }
  }

  @Override
  public void close() {
    if (depth > 0) {
      depth = 0;
      inner.endExclusive();
    }
    inner.close();
  }
}
