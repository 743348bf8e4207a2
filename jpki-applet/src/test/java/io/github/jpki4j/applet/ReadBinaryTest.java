package io.github.jpki4j.applet;

import static io.github.jpki4j.applet.Apdus.SIGN_PIN;
import static io.github.jpki4j.applet.Apdus.assertSw;
import static io.github.jpki4j.applet.Apdus.selectAp;
import static io.github.jpki4j.applet.Apdus.selectEf;
import static io.github.jpki4j.applet.Apdus.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.sim.VirtualCard;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** READ BINARY (§3): exact lengths, end of file, extended Le, access conditions, SFI form. */
class ReadBinaryTest {
  private VirtualCard card;
  private byte[] authCert;

  @BeforeEach
  void setUp() {
    card = Apdus.newCard();
    authCert = Apdus.identity().authCertificateDer();
    selectAp(card);
  }

  @AfterEach
  void tearDown() {
    card.close();
  }

  private ResponseAPDU read(int offset, int ne) {
    return send(card, new CommandAPDU(0x00, 0xB0, offset >> 8, offset & 0xFF, ne));
  }

  @Test
  void openScHeaderProbe() {
    selectEf(card, 0x000A);
    ResponseAPDU r = read(0, 4);
    assertSw(0x9000, r);
    byte[] h = r.getData();
    assertEquals(0x30, h[0] & 0xFF);
    assertEquals(0x82, h[1] & 0xFF);
    assertEquals(
        authCert.length,
        (((h[2] & 0xFF) << 8) | (h[3] & 0xFF)) + 4,
        "the EF holds exactly the DER object");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 9, 0x33, 0x60, 0x7F, 0x80, 0xFE, 0xFF, 0x100})
  void returnsExactlyLeBytes(int le) {
    selectEf(card, 0x000A);
    for (int offset : new int[] {0, 1, 0x100, 0x123}) {
      ResponseAPDU r = read(offset, le);
      assertSw(0x9000, r);
      assertArrayEquals(
          Arrays.copyOfRange(authCert, offset, offset + le),
          r.getData(),
          "Le " + le + " at offset " + offset);
    }
  }

  @Test
  void shortReplyAtTheEnd() {
    selectEf(card, 0x000A);
    int offset = authCert.length - 5;
    for (int le : new int[] {5, 6, 0x10, 0xFF, 0x100}) {
      ResponseAPDU r = read(offset, le);
      assertSw(0x9000, r);
      assertArrayEquals(Arrays.copyOfRange(authCert, offset, authCert.length), r.getData());
    }
  }

  @Test
  void offsetAtOrPastTheEnd() {
    selectEf(card, 0x000A);
    assertSw(0x6B00, read(authCert.length, 1));
    assertSw(0x6B00, read(authCert.length, 0x100));
    assertSw(0x6B00, read(authCert.length + 1, 1));
    assertSw(0x6B00, read(0x7FFF, 1));
    assertSw(0x9000, read(authCert.length - 1, 1));
  }

  @Test
  void chunkedReadsLikeOpenScReproduceEveryFile() {
    assertSw(0x9000, Apdus.verify(card, 0x001B, SIGN_PIN));
    Apdus.identity();
    assertArrayEquals(authCert, readInChunks(0x000A));
    assertArrayEquals(Apdus.identity().authCaCertificateDer(), readInChunks(0x000B));
    assertArrayEquals(Apdus.identity().signCertificateDer(), readInChunks(0x0001));
    assertArrayEquals(Apdus.identity().signCaCertificateDer(), readInChunks(0x0002));
  }

  private byte[] readInChunks(int fid) {
    selectEf(card, fid);
    byte[] h = read(0, 4).getData();
    int total = (((h[2] & 0xFF) << 8) | (h[3] & 0xFF)) + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < total) {
      int le = Math.min(256, total - out.size());
      ResponseAPDU r = read(out.size(), le);
      assertSw(0x9000, r);
      assertEquals(le, r.getData().length);
      out.writeBytes(r.getData());
    }
    assertSw(0x6B00, read(out.size(), 1));
    return out.toByteArray();
  }

  @Test
  void extendedLeZeroReturnsTheWholeFileInOneCommand() {
    // Le 0000 = 65536; jcardsim's setOutgoing() reports 0 for it (test-infrastructure.md)
    selectEf(card, 0x000A);
    ResponseAPDU r = send(card, "00B00000000000");
    assertSw(0x9000, r);
    assertArrayEquals(authCert, r.getData());
    selectEf(card, 0x0002);
    assertArrayEquals(
        Apdus.identity().signCaCertificateDer(),
        send(card, new CommandAPDU(0x00, 0xB0, 0, 0, 65536)).getData());
  }

  @Test
  void extendedLeExactAndLarge() {
    selectEf(card, 0x000B);
    byte[] ca = Apdus.identity().authCaCertificateDer();
    for (int le : new int[] {0x101, 0x123, ca.length - 1}) {
      ResponseAPDU r = read(0, le);
      assertSw(0x9000, r);
      assertArrayEquals(Arrays.copyOf(ca, le), r.getData());
    }
    assertArrayEquals(Arrays.copyOfRange(ca, 3, ca.length), read(3, 0xFFFF).getData());
    assertArrayEquals(Arrays.copyOfRange(ca, 3, ca.length), read(3, 0x8000).getData());
  }

  @Test
  void noLeGivesAtMostAShortResponse() {
    selectEf(card, 0x0008);
    assertArrayEquals(new byte[] {(byte) 0x8F, (byte) 0x8F, 0}, send(card, "00B00000").getData());
    selectEf(card, 0x000A);
    assertArrayEquals(Arrays.copyOf(authCert, 256), send(card, "00B00000").getData());
  }

  @Test
  void signatureCertificateNeedsTheSignaturePin() {
    selectEf(card, 0x0001);
    assertSw(0x6982, read(0, 4));
    assertSw(0x6982, read(0, 256));
    assertSw(0x6982, send(card, "00B00000000000"));
    assertSw(0x9000, Apdus.verify(card, 0x0018, Apdus.AUTH_PIN));
    selectEf(card, 0x0001);
    assertSw(0x6982, read(0, 4)); // the auth PIN is not enough
    assertSw(0x9000, Apdus.verify(card, 0x001B, SIGN_PIN));
    selectEf(card, 0x0001);
    assertArrayEquals(
        Apdus.identity().signCertificateDer(), send(card, "00B00000000000").getData());
    card.reset();
    selectAp(card);
    selectEf(card, 0x0001);
    assertSw(0x6982, read(0, 4));
  }

  @Test
  void noCurrentEf() {
    assertSw(0x6986, read(0, 4));
  }

  @Test
  void keyAndPinFilesAreNotReadable() {
    for (int fid : new int[] {0x17, 0x18, 0x1A, 0x1B}) {
      selectEf(card, fid);
      assertSw(0x6981, read(0, 4));
    }
  }

  @Test
  void tokenInfo() {
    selectEf(card, 0x0006);
    ResponseAPDU label = read(0, 0x20);
    assertSw(0x9000, label);
    assertEquals(
        "JPKIAPICCTOKEN2                 ", new String(label.getData(), StandardCharsets.US_ASCII));
    assertEquals(160, read(0, 256).getData().length);
    assertSw(0x6B00, read(160, 1));
  }

  @Test
  void certificatePresence() {
    selectEf(card, 0x0008);
    ResponseAPDU r = read(0, 256);
    assertArrayEquals(new byte[] {(byte) 0x8F, (byte) 0x8F, 0x00}, r.getData());
  }

  @Test
  void sfiFormReadsAndSelects() {
    // AokiApp's readEfBinaryFull: 00 B0 8A 00 with extended Le 0000 (§1.2)
    ResponseAPDU r = send(card, "00B08A00000000");
    assertSw(0x9000, r);
    assertArrayEquals(authCert, r.getData());
    assertSw(0x9000, read(0, 4)); // 000A became the current EF
    assertArrayEquals(Arrays.copyOfRange(authCert, 0x10, 0x20), send(card, "00B08A1010").getData());
    assertSw(0x6982, send(card, "00B0810004"));
    assertSw(0x6981, send(card, "00B0970004"));
    assertSw(0x6A82, send(card, "00B0830004"));
    assertSw(0x6A86, send(card, "00B0CA0004"));
  }
}
