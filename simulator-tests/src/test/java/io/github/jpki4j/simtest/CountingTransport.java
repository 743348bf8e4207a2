package io.github.jpki4j.simtest;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.TransportException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** Counts APDUs and bytes on the wire (command bytes + response bytes incl. SW). */
final class CountingTransport implements ApduTransport {
  private final ApduTransport inner;
  private int apdus;
  private long bytes;

  CountingTransport(ApduTransport inner) {
    this.inner = inner;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    ResponseAPDU r = inner.transmit(command);
    apdus++;
    bytes += command.getBytes().length + r.getBytes().length;
    return r;
  }

  int apdus() {
    return apdus;
  }

  long bytes() {
    return bytes;
  }

  void reset() {
    apdus = 0;
    bytes = 0;
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
