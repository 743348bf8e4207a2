package io.github.jpki4j.apdu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

class TracingTransportTest {
  @Test
  void verifyDataIsMaskedAndEverythingElseShown() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport("3B00")
            .expect("00A4020C020018", "9000")
            .expect("002000800431323334", "63C2")
            .expect("0024018006393837363534", "9000")
            .expect("00B0000004", "30820343 9000");
    List<String> lines = new ArrayList<>();
    TracingTransport tracing = new TracingTransport(t, lines::add);
    tracing.transmit(new CommandAPDU(0, 0xA4, 2, 0x0C, new byte[] {0, 0x18}));
    tracing.transmit(new CommandAPDU(0, 0x20, 0, 0x80, "1234".getBytes(UTF_8)));
    tracing.transmit(new CommandAPDU(0, 0x24, 1, 0x80, "987654".getBytes(UTF_8)));
    tracing.transmit(new CommandAPDU(0, 0xB0, 0, 0, 4));
    String all = String.join("\n", lines);
    assertFalse(all.contains("31323334"), all);
    assertFalse(all.contains("1234"), all);
    assertFalse(all.contains("393837363534"), all);
    assertTrue(all.contains("00 20 00 80 4 bytes: ** (4 PIN bytes masked)"), all);
    assertTrue(all.contains("00 A4 02 0C 2 bytes: 0018"), all);
    assertTrue(all.contains("<< 63C2"), all);
    assertTrue(all.contains("<< 30820343 9000"), all);
    assertTrue(all.contains("Le=4"), all);
    assertEquals(8, lines.size());
  }

  @Test
  void transportFailuresAreTracedAndRethrown() {
    List<String> lines = new ArrayList<>();
    ApduTransport failing =
        new ApduTransport() {
          @Override
          public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
            throw new CardRemovedException("the card was removed", null);
          }

          @Override
          public byte[] atr() {
            return new byte[0];
          }

          @Override
          public void close() {}
        };
    TracingTransport tracing = new TracingTransport(failing, lines::add);
    assertThrows(
        CardRemovedException.class, () -> tracing.transmit(new CommandAPDU(0, 0xB0, 0, 0, 4)));
    assertTrue(lines.get(1).startsWith("<< the card was removed"), lines.toString());
  }
}
