package io.github.jpki4j.jca;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** Records the command APDUs the provider sends (a test's window on the card). */
final class RecordingTransport extends ForwardingTransport {
  static final int SELECT = 0xA4;
  static final int READ_BINARY = 0xB0;
  static final int VERIFY = 0x20;
  static final int SIGN = 0x2A;

  private final List<CommandAPDU> commands = new ArrayList<>();

  RecordingTransport(ApduTransport inner) {
    super(inner);
  }

  @Override
  public synchronized ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    commands.add(command);
    return inner.transmit(command);
  }

  /** A secret command (VERIFY) is recorded with its data zeroed, and passed on as a secret. */
  @Override
  public synchronized int transmitSecret(byte[] command, byte[] response)
      throws TransportException {
    byte[] masked = new byte[command.length];
    System.arraycopy(command, 0, masked, 0, Math.min(5, command.length));
    commands.add(new CommandAPDU(masked));
    return inner.transmitSecret(command, response);
  }

  synchronized int total() {
    return commands.size();
  }

  synchronized int count(int ins) {
    return (int) commands.stream().filter(c -> c.getINS() == ins).count();
  }

  /** VERIFY commands that carried a PIN (the empty VERIFY only reads the counter). */
  synchronized int pinsSent() {
    return (int) commands.stream().filter(c -> c.getINS() == VERIFY && c.getNc() > 0).count();
  }

  synchronized void clear() {
    commands.clear();
  }
}
