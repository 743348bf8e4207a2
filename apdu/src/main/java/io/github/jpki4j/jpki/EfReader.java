package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.ApduChannel;
import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import javax.smartcardio.CommandAPDU;

/**
 * Reads a transparent EF holding one DER object without a separate length probe
 * (docs/card-protocol.md §3). In {@link ReadMode#SHORT} the first READ BINARY asks for 256 bytes
 * and the rest comes in 256-byte chunks, as long as the DER header says (bytes after the object are
 * filler and never read). In {@link ReadMode#EXTENDED} one command asks for everything (Le 65536);
 * if an extended read fails in any way short of a removal — a status word or a transmit error — the
 * reader switches to short reads for good and repeats that read, so the session and the card's
 * verified PINs are kept.
 */
final class EfReader {
  private static final int SHORT_MAX = 256;
  private static final int EXTENDED_MAX = 65536;
  private static final int MAX_OFFSET = 0x7FFF; // READ BINARY P1-P2 holds 15 bits
  private static final int MAX_ROUNDS = 512; // bounds the loop whatever the card answers

  private final ApduChannel channel;
  private ReadMode mode;

  EfReader(ApduChannel channel, ReadMode mode) {
    this.channel = channel;
    this.mode = mode;
  }

  ReadMode mode() {
    return mode;
  }

  /** Reads the DER object in the currently selected EF. */
  byte[] readDerObject(String what) throws ApduException, TransportException, BadResponseException {
    byte[] first = readFirst();
    int total = derLength(first, what);
    if (total - 1 > MAX_OFFSET + SHORT_MAX) {
      throw new BadResponseException(
          what + " claims " + total + " bytes, more than READ BINARY can address");
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
        chunk = read(have, total - have);
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
    return read(0, EXTENDED_MAX);
  }

  /** Up to {@code wanted} bytes at {@code offset}, in the current mode. */
  private byte[] read(int offset, int wanted) throws ApduException, TransportException {
    if (mode == ReadMode.EXTENDED) {
      try {
        return readBinary(offset, Math.min(wanted, EXTENDED_MAX));
      } catch (ApduException e) {
        if (e.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
          throw e; // about the file, not the length
        }
        mode = ReadMode.SHORT;
      } catch (TransmitFailedException e) {
        mode = ReadMode.SHORT; // a reader that carries only short APDUs
      }
    }
    return readBinary(offset, Math.min(wanted, SHORT_MAX));
  }

  private byte[] readBinary(int offset, int le) throws ApduException, TransportException {
    byte[] data =
        channel.send(
            new CommandAPDU(0x00, StatusWords.INS_READ_BINARY, offset >>> 8, offset & 0xFF, le));
    if (data.length > le) {
      // More than asked for cannot be the file's bytes at this offset: the answer is damaged,
      // and taking it would put foreign bytes into a certificate that may still parse.
      throw new TransmitFailedException(
          "the card reader returned "
              + data.length
              + " bytes to a"
              + " read of at most "
              + le
              + ": the answer was damaged; try again",
          null);
    }
    return data;
  }

  /** The whole object's length from its DER header: tag 30, then a short or 1–2 byte length. */
  private static int derLength(byte[] first, String what) throws BadResponseException {
    if (first.length >= 2 && first[0] == 0x30) {
      int l = first[1] & 0xFF;
      if (l < 0x80) {
        return 2 + l;
      }
      if (l == 0x81 && first.length >= 3) {
        return 3 + (first[2] & 0xFF);
      }
      if (l == 0x82 && first.length >= 4) {
        return 4 + (((first[2] & 0xFF) << 8) | (first[3] & 0xFF));
      }
    }
    throw new BadResponseException(
        what
            + " does not start with a DER SEQUENCE header"
            + " (30 82 LL LL; "
            + first.length
            + " bytes read)");
  }

  private static BadResponseException endsEarly(String what, int have, int total) {
    return new BadResponseException(
        what + " ends after " + have + " bytes but its header says " + total);
  }
}
