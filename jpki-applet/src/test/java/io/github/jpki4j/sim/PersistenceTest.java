package io.github.jpki4j.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Properties;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VirtualCard#open}: the card kept in a directory, PIN counters persisted like a card's. */
class PersistenceTest {
  private static final CommandAPDU SELECT_AP =
      new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, HexFormat.of().parseHex("D392F000260100000001"));
  private static final CommandAPDU EMPTY_VERIFY = new CommandAPDU(0x00, 0x20, 0x00, 0x80);

  @TempDir Path tmp;

  private static CommandAPDU selectEf(int fid) {
    return new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0, (byte) fid});
  }

  private static CommandAPDU verify(String pin) {
    return new CommandAPDU(0x00, 0x20, 0x00, 0x80, pin.getBytes(UTF_8));
  }

  private static Properties state(Path dir) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve("state.properties"))) {
      p.load(in);
    }
    return p;
  }

  @Test
  void firstOpenCreatesTheCard() throws Exception {
    Path dir = tmp.resolve("a").resolve("card");
    try (VirtualCard card = VirtualCard.open(dir)) {
      assertEquals(dir, card.directory().orElseThrow());
      assertArrayEquals(
          TestIdentity.defaultIdentity().authCertificateDer(),
          card.identity().authCertificateDer());
      assertEquals(0x9000, card.transmit(SELECT_AP).getSW());
    }
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dir.resolve("state.properties"))));
    }
    Properties p = state(dir);
    assertEquals("1", p.getProperty("format"));
    assertEquals("1234", p.getProperty("auth.pin"));
    assertEquals("3", p.getProperty("auth.triesLeft"));
    assertEquals("ABC123", p.getProperty("sign.pin"));
    assertEquals("5", p.getProperty("sign.triesLeft"));
    for (String f :
        new String[] {
          "auth-cert.der",
          "auth-ca-cert.der",
          "sign-cert.der",
          "sign-ca-cert.der",
          "auth-key.pk8",
          "sign-key.pk8"
        }) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
  }

  @Test
  void countersPersistAcrossInstances() throws Exception {
    Path dir = tmp.resolve("card");
    try (VirtualCard card = VirtualCard.open(dir)) {
      card.transmit(SELECT_AP);
      card.transmit(selectEf(0x18));
      assertEquals(0x63C2, card.transmit(verify("0000")).getSW());
      // written before transmit returned
      assertEquals("2", state(dir).getProperty("auth.triesLeft"));
      card.transmit(selectEf(0x1B));
      assertEquals(0x63C4, card.transmit(verify("WRONG1")).getSW());
      assertEquals("4", state(dir).getProperty("sign.triesLeft"));
    }
    try (VirtualCard card = VirtualCard.open(dir)) {
      card.transmit(SELECT_AP);
      card.transmit(selectEf(0x18));
      assertEquals(0x63C2, card.transmit(EMPTY_VERIFY).getSW());
      assertEquals(0x63C1, card.transmit(verify("1111")).getSW());
      card.transmit(selectEf(0x1B));
      assertEquals(0x63C4, card.transmit(EMPTY_VERIFY).getSW());
      assertEquals(0x9000, card.transmit(verify("ABC123")).getSW());
      assertEquals("5", state(dir).getProperty("sign.triesLeft"));
      assertEquals("1", state(dir).getProperty("auth.triesLeft"));
    }
    try (VirtualCard card = VirtualCard.open(dir)) {
      assertEquals(1, card.pinState().authTriesLeft());
      assertEquals(5, card.pinState().signTriesLeft());
    }
  }

  @Test
  void blockedStaysBlocked() throws Exception {
    Path dir = tmp.resolve("card");
    try (VirtualCard card = VirtualCard.open(dir)) {
      CardChannel ch = card.terminal().connect("*").getBasicChannel(); // the terminal path too
      ch.transmit(SELECT_AP);
      ch.transmit(selectEf(0x1B));
      for (int left = 4; left >= 0; left--) {
        assertEquals(0x63C0 | left, ch.transmit(verify("NOTIT9")).getSW());
        assertEquals(String.valueOf(left), state(dir).getProperty("sign.triesLeft"));
      }
    }
    try (VirtualCard card = VirtualCard.open(dir)) {
      card.transmit(SELECT_AP);
      card.transmit(selectEf(0x1B));
      assertEquals(0x63C0, card.transmit(EMPTY_VERIFY).getSW());
      assertEquals(0x6984, card.transmit(verify("ABC123")).getSW());
      assertEquals("0", state(dir).getProperty("sign.triesLeft"));
      card.transmit(selectEf(0x18));
      assertEquals(0x63C3, card.transmit(EMPTY_VERIFY).getSW());
    }
  }

  @Test
  void verifyBySfiIsRecordedToo() throws Exception {
    Path dir = tmp.resolve("card");
    try (VirtualCard card = VirtualCard.open(dir)) {
      card.transmit(SELECT_AP);
      card.transmit(selectEf(0x0A)); // the current EF is not the PIN
      assertEquals(
          0x63C2,
          card.transmit(new CommandAPDU(0x00, 0x20, 0x00, 0x98, "9999".getBytes(UTF_8))).getSW());
      assertEquals("2", state(dir).getProperty("auth.triesLeft"));
      assertEquals(0x6986, card.transmit(verify("9999")).getSW()); // 000A: no counter moves
      assertEquals("2", state(dir).getProperty("auth.triesLeft"));
      card.reset();
      card.transmit(SELECT_AP);
      assertEquals(0x6986, card.transmit(verify("9999")).getSW());
      assertEquals(2, card.pinState().authTriesLeft());
    }
  }

  @Test
  void theResponseIsWithheldWhenTheCounterCannotBeWritten() throws Exception {
    Path dir = tmp.resolve("card");
    try (VirtualCard card = VirtualCard.open(dir)) {
      card.transmit(SELECT_AP);
      card.transmit(selectEf(0x18));
      Files.delete(dir.resolve("state.properties"));
      Files.createDirectories(dir.resolve("state.properties").resolve("blocker"));
      assertThrows(UncheckedIOException.class, () -> card.transmit(verify("0000")));
      assertEquals(0x63C2, card.transmit(EMPTY_VERIFY).getSW(), "the card did count it");
    }
  }

  @Test
  void oneInstancePerDirectory() throws Exception {
    Path dir = tmp.resolve("card");
    VirtualCard card = VirtualCard.open(dir);
    try {
      assertThrows(IOException.class, () -> VirtualCard.open(dir));
    } finally {
      card.close();
    }
    VirtualCard.open(dir).close(); // released by close()
  }

  @Test
  void damagedStateIsReported() throws Exception {
    Path dir = tmp.resolve("card");
    VirtualCard.open(dir).close();
    Files.writeString(dir.resolve("state.properties"), "format=1\nauth.pin=1234\n");
    assertThrows(IOException.class, () -> VirtualCard.open(dir));
    Files.writeString(
        dir.resolve("state.properties"),
        """
        format=1
        auth.pin=1234
        auth.triesLeft=3
        sign.pin=ABC123
        sign.triesLeft=5
        """);
    Files.delete(dir.resolve("auth-cert.der"));
    assertThrows(IOException.class, () -> VirtualCard.open(dir));
  }
}
