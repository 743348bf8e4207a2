package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;

class PersonalizerTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @Test
  void tokenInfoLayout() {
    byte[] info = Personalizer.tokenInfo(ID);
    assertEquals(160, info.length);
    assertEquals(
        "JPKIAPICCTOKEN2" + " ".repeat(17), new String(info, 0, 32, StandardCharsets.US_ASCII));
    String serial = new String(info, 80, 16, StandardCharsets.US_ASCII);
    assertTrue(serial.matches("[0-9A-F]{16}"), serial);
    ByteBuffer b = ByteBuffer.wrap(info);
    assertEquals(0x40D, b.getInt(96));
    assertEquals(16, b.getInt(116));
    assertEquals(6, b.getInt(120));
    assertEquals("0301", new String(info, 140, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void shortApdusOnlyAndLockLast() {
    List<CommandAPDU> commands = Personalizer.commands(ID, PinState.defaults());
    assertEquals(0xA4, commands.get(0).getINS());
    assertEquals(0xE8, commands.get(commands.size() - 1).getINS());
    for (CommandAPDU c : commands) {
      assertTrue(c.getNc() <= 255, "short APDU");
    }
    // each certificate is written back to back, in chunks, exactly
    byte[] rebuilt = new byte[ID.signCertificateDer().length];
    for (CommandAPDU c : commands) {
      byte[] d = c.getData();
      if (c.getINS() == 0xE2 && d[1] == 0x01) {
        int off = (c.getP1() << 8) | c.getP2();
        System.arraycopy(d, 2, rebuilt, off, d.length - 2);
      }
    }
    assertArrayEquals(ID.signCertificateDer(), rebuilt);
  }

  @Test
  void unsignedPadding() {
    assertArrayEquals(new byte[] {0, 0, 1}, Personalizer.unsigned(BigInteger.ONE, 3));
    byte[] max = new byte[128];
    Arrays.fill(max, (byte) 0xFF);
    assertArrayEquals(max, Personalizer.unsigned(new BigInteger(1, max), 128));
  }
}
