package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.SimulatedCardOpener;
import io.github.jpki4j.apdu.SimulatedCardOpener.SimulatedCard;
import io.github.jpki4j.applet.JpkiConstants;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver finds the simulated card as a service, and the card it opens is the persistent one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualCardOpenerTest {

  private static SimulatedCardOpener theService() {
    List<SimulatedCardOpener> found =
        ServiceLoader.load(SimulatedCardOpener.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0) instanceof VirtualCardOpener, found.toString());
    return found.get(0);
  }

  @Test
  void opensTheCardInADirectoryAndReleasesItOnClose(@TempDir Path dir) throws Exception {
    SimulatedCardOpener opener = theService();
    try (SimulatedCard card = opener.open(dir)) {
      assertTrue(card.terminal().isCardPresent());
      Card c = card.terminal().connect("*");
      int sw =
          c.getBasicChannel()
              .transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, JpkiConstants.aid()))
              .getSW();
      assertEquals(0x9000, sw, "the JPKI AP is there");
      c.disconnect(false);
      assertThrows(IOException.class, () -> opener.open(dir), "one holder at a time");
    }
    VirtualCard.open(dir).close(); // released
  }
}
