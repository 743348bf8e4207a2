package io.github.jpki4j.apdu;

import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Base of the transport decorators: forwards everything to the wrapped transport, so that a
 * decorator overrides only what it changes (usually {@link #transmit}).
 */
public abstract class ForwardingTransport implements ApduTransport {
  /** The wrapped transport. */
  protected final ApduTransport inner;

  protected ForwardingTransport(ApduTransport inner) {
    this.inner = inner;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    return inner.transmit(command);
  }

  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    return inner.transmitSecret(command, response);
  }

  @Override
  public byte[] atr() {
    return inner.atr();
  }

  @Override
  public void beginExclusive() throws TransportException {
    inner.beginExclusive();
  }

  @Override
  public void endExclusive() {
    inner.endExclusive();
  }

  @Override
  public void close() {
    inner.close();
  }
}
