package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduChannel;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.BadResponseException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

/**
 * The EF reader against a card that serves READ BINARY from a file at any offset, answering at most
 * {@code perRead} bytes each time: every DER length form, the limits of what READ BINARY can
 * address, and the bound on how many reads one object may take.
 */
class EfReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  /** A transparent EF; answers min(Le, perRead, what is left) bytes, 6B00 past the end. */
  private static class EfCard implements ApduTransport {
    final byte[] ef;
    final int perRead;
    int reads;

    EfCard(byte[] ef, int perRead) {
      this.ef = ef;
      this.perRead = perRead;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU c) {
      assertEquals(0xB0, c.getINS());
      reads++;
      int offset = (c.getP1() << 8) | c.getP2();
      if (offset > ef.length) {
        return new ResponseAPDU(new byte[] {0x6B, 0x00});
      }
      int n = Math.min(Math.min(c.getNe(), perRead), ef.length - offset);
      byte[] r = Arrays.copyOfRange(ef, offset, offset + n + 2);
      r[n] = (byte) 0x90;
      r[n + 1] = 0;
      return new ResponseAPDU(r);
    }

    @Override
    public byte[] atr() {
      return new byte[0];
    }

    @Override
    public void close() {}
  }

  private static byte[] object(String header, int contentLength) {
    byte[] h = HEX.parseHex(header);
    byte[] o = Arrays.copyOf(h, h.length + contentLength);
    for (int i = h.length; i < o.length; i++) {
      o[i] = (byte) i;
    }
    return o;
  }

  private static byte[] read(EfCard card, ReadMode mode) throws Exception {
    return new EfReader(new ApduChannel(card), mode).readDerObject("the object");
  }

  @Test
  void everyDerLengthFormIsRead() throws Exception {
    for (byte[] o :
        new byte[][] {
          object("3000", 0),
          object("3005", 5),
          object("307F", 127),
          object("308180", 128),
          object("3081FF", 255),
          object("30820100", 256),
          object("308203E8", 1000)
        }) {
      byte[] withFiller = Arrays.copyOf(o, o.length + 40);
      Arrays.fill(withFiller, o.length, withFiller.length, (byte) 0xFF);
      assertArrayEquals(
          o,
          read(new EfCard(withFiller, 256), ReadMode.SHORT),
          HEX.formatHex(o, 0, Math.min(4, o.length)));
      assertArrayEquals(o, read(new EfCard(withFiller, 65536), ReadMode.EXTENDED));
    }
  }

  @Test
  void aFirstAnswerHoldingJustTheHeaderIsEnough() throws Exception {
    // a card that answers a few bytes a read: the header alone comes first, the rest after
    for (String ef : new String[] {"3000", "308101AA", "30820001AA"}) {
      byte[] o = HEX.parseHex(ef);
      int header = o.length == 2 ? 2 : o.length - 1;
      assertArrayEquals(o, read(new EfCard(o, header), ReadMode.SHORT), ef);
    }
  }

  @Test
  void headersTooShortForTheirLengthFormAreRefused() {
    for (String ef : new String[] {"30", "3081", "308201", "3080", "3083000001", "3184"}) {
      BadResponseException e =
          assertThrows(
              BadResponseException.class,
              () -> read(new EfCard(HEX.parseHex(ef), 256), ReadMode.SHORT),
              ef);
      assertTrue(
          e.getMessage().startsWith("the object does not start with a DER SEQUENCE"),
          e.getMessage());
    }
  }

  @Test
  void theLargestObjectReadBinaryCanAddressIsRead() throws Exception {
    // 33023 bytes: the last read starts at 7FFF, the highest offset P1-P2 holds, and brings
    // 256; a card whose first answer is one byte short gets there with 256-byte reads
    byte[] largest = object("308280FB", 0x80FB);
    assertEquals(0x7FFF + 256, largest.length);
    EfCard card =
        new EfCard(largest, 256) {
          @Override
          public ResponseAPDU transmit(CommandAPDU c) {
            if (c.getP1() == 0 && c.getP2() == 0) {
              reads++;
              byte[] r = Arrays.copyOf(largest, 255 + 2);
              r[255] = (byte) 0x90;
              r[256] = 0;
              return new ResponseAPDU(r);
            }
            return super.transmit(c);
          }
        };
    assertArrayEquals(largest, read(card, ReadMode.SHORT));
    assertEquals(1 + 127 + 1, card.reads);
    byte[] tooLarge = object("308280FD", 0);
    BadResponseException e =
        assertThrows(
            BadResponseException.class, () -> read(new EfCard(tooLarge, 256), ReadMode.SHORT));
    assertEquals(
        "the object claims 33025 bytes, more than READ BINARY can address", e.getMessage());
  }

  @Test
  void aReadMayStartAtTheHighestOffsetButNotPastIt() throws Exception {
    // extended reads cut at 7FFF bytes: the next read starts at exactly 7FFF
    byte[] o = object("30828007", 0x8007);
    assertEquals(0x7FFF + 12, o.length);
    EfCard card = new EfCard(o, 0x7FFF);
    assertArrayEquals(o, read(card, ReadMode.EXTENDED));
    assertEquals(2, card.reads);
    // cut at 8000: the rest would need an offset P1-P2 cannot hold
    BadResponseException e =
        assertThrows(
            BadResponseException.class, () -> read(new EfCard(o, 0x8000), ReadMode.EXTENDED));
    assertEquals("the object could not be read past offset 32768", e.getMessage());
  }

  @Test
  void anObjectMayTake512ReadsAfterTheFirstButNoMore() throws Exception {
    EfCard slow = new EfCard(object("30820200", 512), 1); // 4 header bytes, then 1 byte a read
    slow.reads = 0;
    // the first read brings only 1 byte, not the whole header: refused at once
    assertThrows(BadResponseException.class, () -> read(slow, ReadMode.SHORT));

    byte[] o = object("30820200", 512);
    EfCard headerThenBytes =
        new EfCard(o, 1) {
          @Override
          public ResponseAPDU transmit(CommandAPDU c) {
            if (c.getP1() == 0 && c.getP2() == 0) { // the first read brings the header
              reads++;
              return new ResponseAPDU(HEX.parseHex("308202009000"));
            }
            return super.transmit(c);
          }
        };
    assertArrayEquals(o, read(headerThenBytes, ReadMode.SHORT));
    assertEquals(1 + 512, headerThenBytes.reads);

    byte[] o513 = object("30820201", 513);
    EfCard tooSlow =
        new EfCard(o513, 1) {
          @Override
          public ResponseAPDU transmit(CommandAPDU c) {
            if (c.getP1() == 0 && c.getP2() == 0) {
              reads++;
              return new ResponseAPDU(HEX.parseHex("308202019000"));
            }
            return super.transmit(c);
          }
        };
    BadResponseException e =
        assertThrows(BadResponseException.class, () -> read(tooSlow, ReadMode.SHORT));
    assertEquals("the object could not be read past offset 516", e.getMessage());
    assertEquals(1 + 512, tooSlow.reads);
  }

  /**
   * A reader that answers more than was asked has damaged the answer: pasting it in could give a
   * certificate that still parses but holds another key (found by fault injection), so it is a
   * transmit failure, never part of the certificate.
   */
  @Test
  void bytesAnsweredBeyondWhatWasAskedAreRefused() throws Exception {
    byte[] o = object("30820100", 256); // 260 bytes: 256, then 4
    byte[] withFiller = Arrays.copyOf(o, 600);
    Arrays.fill(withFiller, o.length, withFiller.length, (byte) 0xEE);
    EfCard generous =
        new EfCard(withFiller, 256) {
          @Override
          public ResponseAPDU transmit(CommandAPDU c) {
            if (c.getP2() == 0 && c.getP1() == 1) { // the second read: answer 100 bytes, not 4
              reads++;
              byte[] r = Arrays.copyOfRange(withFiller, 256, 256 + 102);
              r[100] = (byte) 0x90;
              r[101] = 0;
              return new ResponseAPDU(r);
            }
            return super.transmit(c);
          }
        };
    io.github.jpki4j.apdu.TransmitFailedException e =
        assertThrows(
            io.github.jpki4j.apdu.TransmitFailedException.class,
            () -> read(generous, ReadMode.SHORT));
    assertTrue(
        e.getMessage().contains("returned 100 bytes to a read of at most 4"), e.getMessage());
  }
}
