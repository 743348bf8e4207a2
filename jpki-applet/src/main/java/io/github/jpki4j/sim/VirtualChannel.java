package io.github.jpki4j.sim;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel of a {@link VirtualCardHandle}, with the JDK's checks: commands of at least 4
 * bytes, no MANAGE CHANNEL, and the channel bits of an interindustry CLA cleared (the JDK's {@code
 * ChannelImpl.setChannel} for channel 0).
 */
final class VirtualChannel extends CardChannel {
  private final VirtualCardHandle handle;

  VirtualChannel(VirtualCardHandle handle) {
    this.handle = handle;
  }

  @Override
  public Card getCard() {
    return handle;
  }

  @Override
  public int getChannelNumber() {
    handle.checkState();
    return 0;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    return new ResponseAPDU(doTransmit(command.getBytes()));
  }

  // ReferenceEquality: the same buffer object is refused, as CardChannel.transmit specifies
  @SuppressWarnings("ReferenceEquality")
  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
    if (command == response) {
      throw new IllegalArgumentException("command and response must not be the same object");
    }
    if (response.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
    byte[] bytes = new byte[command.remaining()];
    command.get(bytes);
    byte[] answer = doTransmit(bytes);
    if (response.remaining() < answer.length) {
      throw new IllegalArgumentException("Insufficient space in response buffer");
    }
    response.put(answer);
    return answer.length;
  }

  @Override
  public void close() {
    handle.checkState();
    throw new IllegalStateException("Cannot close basic logical channel");
  }

  private byte[] doTransmit(byte[] command) throws CardException {
    handle.checkState();
    if (command.length < 4) {
      throw new IllegalArgumentException("Command APDU must be at least 4 bytes long");
    }
    if (command[0] >= 0 && command[1] == 0x70) {
      throw new IllegalArgumentException(
          "Manage channel command not allowed, use openLogicalChannel()");
    }
    byte[] b = command.clone();
    if (b[0] >= 0 && (b[0] & 0xE0) != 0x20) {
      b[0] &= (byte) 0xBC; // channel 0
    }
    return handle.transmit(b);
  }
}
