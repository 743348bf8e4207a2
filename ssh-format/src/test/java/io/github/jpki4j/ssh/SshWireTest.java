package io.github.jpki4j.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SshWireTest {
  private static final HexFormat HEX = HexFormat.of();

  // the examples of RFC 4251 §5
  @ParameterizedTest
  @CsvSource({
    "0, 00000000",
    "9a378f9b2e332a7, 0000000809a378f9b2e332a7",
    "80, 000000020080",
    "-1234, 00000002edcc",
    "-deadbeef, 00000005ff21524111",
  })
  void mpintMatchesRfc4251Examples(String hexValue, String wire) throws Exception {
    BigInteger v = new BigInteger(hexValue, 16);
    byte[] encoded = new SshWriter().writeMpint(v).toByteArray();
    assertEquals(wire, HEX.formatHex(encoded));
    SshReader r = new SshReader(encoded);
    assertEquals(v, r.readMpint());
    r.requireEnd();
  }

  @Test
  void mpintHighBitGetsSignByteAndZeroIsEmpty() throws Exception {
    BigInteger high = new BigInteger("ff00", 16);
    assertEquals("0000000300ff00", HEX.formatHex(new SshWriter().writeMpint(high).toByteArray()));
    assertEquals(
        "00000001" + "7f",
        HEX.formatHex(new SshWriter().writeMpint(BigInteger.valueOf(0x7f)).toByteArray()));
    assertEquals(BigInteger.ZERO, new SshReader(HEX.parseHex("00000000")).readMpint());
  }

  @Test
  void mpintToleratesRedundantLeadingZeroLikeOpenSsh() throws Exception {
    assertEquals(BigInteger.valueOf(0x7f), new SshReader(HEX.parseHex("00000002007f")).readMpint());
  }

  @Test
  void positiveMpintRejectsZeroNegativeAndTooLong() {
    assertThrows(
        SshFormatException.class,
        () -> new SshReader(HEX.parseHex("00000000")).readPositiveMpint("x", 64));
    assertThrows(
        SshFormatException.class,
        () -> new SshReader(HEX.parseHex("0000000180")).readPositiveMpint("x", 64));
    SshFormatException e =
        assertThrows(
            SshFormatException.class,
            () -> new SshReader(HEX.parseHex("00000002" + "0100")).readPositiveMpint("thing", 8));
    assertTrue(e.getMessage().contains("thing"), e.getMessage());
  }

  @Test
  void scalarsRoundTrip() throws Exception {
    byte[] b =
        new SshWriter()
            .writeByte(0xAB)
            .writeBoolean(true)
            .writeBoolean(false)
            .writeUint32(0)
            .writeUint32((int) 0xFFFFFFFFL)
            .writeUint32(0x01020304)
            .writeString("héllo")
            .writeString(new byte[0])
            .writeRaw(new byte[] {9, 8})
            .toByteArray();
    SshReader r = new SshReader(b);
    assertEquals(0xAB, r.readByte());
    assertTrue(r.readBoolean());
    assertFalse(r.readBoolean());
    assertEquals(0, r.readUint32());
    assertEquals(0xFFFFFFFFL, Integer.toUnsignedLong(r.readUint32()));
    assertEquals(0x01020304, r.readUint32());
    assertEquals("héllo", r.readUtf8());
    assertArrayEquals(new byte[0], r.readString());
    assertArrayEquals(new byte[] {9, 8}, r.readRaw(2));
    assertFalse(r.hasRemaining());
    r.requireEnd();
  }

  @Test
  void anyNonZeroByteIsTrue() throws Exception {
    assertTrue(new SshReader(new byte[] {(byte) 0x80}).readBoolean());
  }

  @Test
  void stringLongerThanTheDataIsRejectedWithOffsets() {
    SshReader r = new SshReader(HEX.parseHex("0000000a01020304"));
    SshFormatException e = assertThrows(SshFormatException.class, r::readString);
    assertEquals("string at offset 0 claims 10 bytes but only 4 remain", e.getMessage());
    assertEquals(8, r.remaining(), "a failed read consumes nothing");
  }

  @Test
  void hugeAndNegativeLengthsNeverAllocate() {
    // 0xFFFFFFFF and 0x7FFFFFFF: would be 4 GiB / 2 GiB if trusted
    for (String len : new String[] {"ffffffff", "7fffffff", "80000000"}) {
      SshReader r = new SshReader(HEX.parseHex(len + "00"));
      assertThrows(SshFormatException.class, r::readString);
      assertThrows(SshFormatException.class, r::readMpint);
      assertThrows(SshFormatException.class, r::readUtf8);
      assertThrows(SshFormatException.class, r::readStringAsReader);
    }
  }

  @Test
  void truncatedScalarsAreRejected() {
    assertThrows(SshFormatException.class, () -> new SshReader(new byte[3]).readUint32());
    assertThrows(SshFormatException.class, () -> new SshReader(new byte[0]).readByte());
    assertThrows(SshFormatException.class, () -> new SshReader(new byte[0]).readBoolean());
    assertThrows(SshFormatException.class, () -> new SshReader(new byte[1]).readRaw(2));
    assertThrows(SshFormatException.class, () -> new SshReader(new byte[2]).readString());
  }

  @Test
  void requireEndReportsTrailingBytes() throws Exception {
    SshReader r = new SshReader(HEX.parseHex("0000000001ff"));
    r.readString();
    SshFormatException e = assertThrows(SshFormatException.class, r::requireEnd);
    assertEquals("2 unexpected trailing byte(s)", e.getMessage());
  }

  @Test
  void malformedUtf8IsRejected() {
    SshFormatException e =
        assertThrows(
            SshFormatException.class, () -> new SshReader(HEX.parseHex("00000002c328")).readUtf8());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void nestedReaderSeesOnlyItsStringAndCountsFromItsStart() throws Exception {
    byte[] b =
        new SshWriter()
            .writeString(new SshWriter().writeUint32(7).toByteArray())
            .writeByte(1)
            .toByteArray();
    SshReader outer = new SshReader(b);
    SshReader inner = outer.readStringAsReader();
    assertEquals(7, inner.readUint32());
    inner.requireEnd();
    SshFormatException e = assertThrows(SshFormatException.class, inner::readByte);
    assertTrue(e.getMessage().contains("at offset 4"), e.getMessage());
    assertEquals(1, outer.readByte());
    outer.requireEnd();
  }

  @Test
  void readerOverSliceStaysInside() throws Exception {
    byte[] b = HEX.parseHex("ff" + "00000001" + "41" + "ff");
    SshReader r = new SshReader(b, 1, 5);
    assertEquals("A", r.readUtf8());
    r.requireEnd();
    assertThrows(IndexOutOfBoundsException.class, () -> new SshReader(b, 4, 5));
  }
}
