package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;

class ApduChannelTest {
  @Test
  void successReturnsData() throws Exception {
    ScriptedTransport t = new ScriptedTransport("3B00").expect("00B0000004", "30820100 9000");
    byte[] data = new ApduChannel(t).send(new CommandAPDU(0, 0xB0, 0, 0, 4));
    assertArrayEquals(new byte[] {0x30, (byte) 0x82, 0x01, 0x00}, data);
  }

  @Test
  void everyOtherStatusWordIsAnException() {
    ScriptedTransport t = new ScriptedTransport("3B00").expect("00B0000004", "0102 6B00");
    ApduException e =
        assertThrows(
            ApduException.class, () -> new ApduChannel(t).send(new CommandAPDU(0, 0xB0, 0, 0, 4)));
    assertEquals(0x6B00, e.sw());
    assertEquals(0x6B, e.sw1());
    assertEquals(0xB0, e.ins());
    assertArrayEquals(new byte[] {1, 2}, e.data());
    assertTrue(e.getMessage().contains("READ BINARY"), e.getMessage());
    assertTrue(e.getMessage().contains("6B00"), e.getMessage());
  }

  @Test
  void warningStatusWordsAreNotSuccess() {
    ScriptedTransport t = new ScriptedTransport("3B00").expect("00200080", "63C2");
    ApduException e =
        assertThrows(
            ApduException.class, () -> new ApduChannel(t).send(new CommandAPDU(0, 0x20, 0, 0x80)));
    assertTrue(StatusWords.isTriesLeft(e.sw()));
    assertTrue(e.getMessage().contains("2 tries left"), e.getMessage());
  }
}
