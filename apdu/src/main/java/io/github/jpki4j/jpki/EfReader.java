package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.ApduChannel;
import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransportException;
import javax.smartcardio.CommandAPDU;

/**
 * Reads a transparent EF holding one DER object ({@code 30 82 LL LL …}) in as few READ BINARY
 * commands as the card allows: no 4-byte probe. With extended length the first command asks for
 * everything (Le 65536) and normally gets the whole certificate; without it, 256 bytes, then the
 * rest in 256-byte chunks. A card that answers {@code 6700} to an extended Le is read with short
 * APDUs from then on.
 */
final class EfReader {
  private static final int SHORT_MAX = 256;
  private static final int EXTENDED_MAX = 65536;
  private static final int MAX_OFFSET = 0x7FFF; // READ BINARY P1-P2 holds 15 bits
  private static final int MAX_ROUNDS = 512; // bounds the loop whatever the card answers

  private final ApduChannel channel;
  private boolean extended;

  EfReader(ApduChannel channel, boolean extended) {
    this.channel = channel;
    this.extended = extended;
  }

  boolean extended() {
    return extended;
  }

  /** Reads the DER object in the currently selected EF. */
  byte[] readDerObject(String what) throws ApduException, TransportException,
      BadResponseException {
    byte[] first = readFirst();
    if (first.length < 4 || first[0] != 0x30 || first[1] != (byte) 0x82) {
      throw new BadResponseException(what + " does not start with a DER SEQUENCE header"
          + " 30 82 LL LL (" + first.length + " bytes read)");
    }
    int total = (((first[2] & 0xFF) << 8) | (first[3] & 0xFF)) + 4;
    if (total - 1 > MAX_OFFSET + SHORT_MAX) {
      throw new BadResponseException(what + " claims " + total
          + " bytes, more than READ BINARY can address");
    }
    byte[] out = new byte[total];
    int have = Math.min(first.length, total); // bytes after the object are filler
    System.arraycopy(first, 0, out, 0, have);
    for (int round = 0; have < total; round++) {
      if (round >= MAX_ROUNDS || have > MAX_OFFSET) {
        throw new BadResponseException(what + " could not be read past offset " + have);
      }
      byte[] chunk;
      try {
        chunk = readBinary(have, Math.min(total - have, extended ? EXTENDED_MAX - 1 : SHORT_MAX));
      } catch (ApduException e) {
        if (e.sw() == StatusWords.WRONG_P1P2) {
          throw endsEarly(what, have, total);
        }
        throw e;
      }
      if (chunk.length == 0) {
        throw endsEarly(what, have, total);
      }
      int n = Math.min(chunk.length, total - have);
      System.arraycopy(chunk, 0, out, have, n);
      have += n;
    }
    return out;
  }

  /** Reads from offset 0 as much as one command may bring back. */
  byte[] readFirst() throws ApduException, TransportException {
    if (extended) {
      try {
        return readBinary(0, EXTENDED_MAX);
      } catch (ApduException e) {
        if (e.sw() != StatusWords.WRONG_LENGTH) {
          throw e;
        }
        extended = false; // the ATR promised more than the card (or reader) delivers
      }
    }
    return readBinary(0, SHORT_MAX);
  }

  private byte[] readBinary(int offset, int le) throws ApduException, TransportException {
    return channel.send(new CommandAPDU(0x00, StatusWords.INS_READ_BINARY, offset >>> 8,
        offset & 0xFF, le));
  }

  private static BadResponseException endsEarly(String what, int have, int total) {
    return new BadResponseException(what + " ends after " + have + " bytes but its header says "
        + total);
  }
}
