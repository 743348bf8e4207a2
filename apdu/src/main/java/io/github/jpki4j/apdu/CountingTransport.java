package io.github.jpki4j.apdu;

import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Decorator that counts APDUs and bytes on the wire (command bytes plus response bytes, status word
 * included), for {@code doctor}, benchmarks and tests.
 */
public final class CountingTransport extends ForwardingTransport {
  private int apdus;
  private long bytes;

  public CountingTransport(ApduTransport inner) {
    super(inner);
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    ResponseAPDU r = inner.transmit(command);
    apdus++;
    bytes += command.getBytes().length + r.getBytes().length;
    return r;
  }

  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    int n = inner.transmitSecret(command, response);
    apdus++;
    bytes += command.length + n;
    return n;
  }

  /** APDUs sent since creation or {@link #reset()}. */
  public int apdus() {
    return apdus;
  }

  /** Bytes both ways since creation or {@link #reset()}. */
  public long bytes() {
    return bytes;
  }

  /** Starts counting from zero again. */
  public void reset() {
    apdus = 0;
    bytes = 0;
  }
}
