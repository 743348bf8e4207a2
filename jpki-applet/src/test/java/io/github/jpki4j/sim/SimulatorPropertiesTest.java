package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jcardsim reads system properties naming applets to put on every new simulator; the simulated My
 * Number Card holds the JPKI AP alone, whatever the JVM's properties say.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulatorPropertiesTest {
  private static final String AID_PROPERTY = "com.licel.jcardsim.card.applet.0.AID";
  private static final String CLASS_PROPERTY = "com.licel.jcardsim.card.applet.0.Class";

  @Test
  void appletPropertiesOfJcardsimAreIgnored() {
    String aid = "F0A1B2C3D4E5";
    String oldAid = System.setProperty(AID_PROPERTY, aid);
    String oldClass = System.setProperty(CLASS_PROPERTY, "io.github.jpki4j.sim.NoSuchApplet");
    try (VirtualCard card = VirtualCard.create(TestIdentity.defaultIdentity())) {
      byte[] selectOther =
          new CommandAPDU(0x00, 0xA4, 0x04, 0x00, HexFormat.of().parseHex(aid)).getBytes();
      assertEquals(0x6A82, SimulatedChip.sw(card.transmit(selectOther)));
      byte[] selectJpki =
          new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, HexFormat.of().parseHex("D392F000260100000001"))
              .getBytes();
      assertEquals(0x9000, SimulatedChip.sw(card.transmit(selectJpki)));
    } finally {
      restore(AID_PROPERTY, oldAid);
      restore(CLASS_PROPERTY, oldClass);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
