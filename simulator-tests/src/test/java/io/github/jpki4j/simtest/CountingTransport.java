package io.github.jpki4j.simtest;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** Counts APDUs and bytes on the wire (command bytes + response bytes incl. SW). */
final class CountingTransport extends ForwardingTransport {
  private int apdus;
  private long bytes;

  CountingTransport(ApduTransport inner) {
    super(inner);
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
}
