package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSelector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.ReadMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one card locator: PC/SC readers through a {@link PcscReaders} of fake terminals, the
 * simulated card through the {@link SimulatedCardOpener} service ({@link FakeSimulatorOpener},
 * registered in the test resources), a terminal given as it is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CardLocatorTest {
  private final CardReadersTest.FakeTerminals terminals = new CardReadersTest.FakeTerminals();
  private final List<Boolean> apartSeen = new ArrayList<>();
  private final PcscReaders pcsc =
      (apart, choice) -> {
        apartSeen.add(apart);
        return choice.from(CardReaders.of(terminals));
      };

  @BeforeEach
  @AfterEach
  void resetOpener() {
    FakeSimulatorOpener.reset();
  }

  private static CardSettings settings(CardSelector card) {
    return new CardSettings(card, ReadMode.SHORT, Path.of("home"));
  }

  @Test
  void aReaderByNameIndexOrTheFirstWithACard() throws Exception {
    terminals.terminals.add(new CardReadersTest.FakeTerminal("ACS ACR39U 00 00", false));
    terminals.terminals.add(new CardReadersTest.FakeTerminal("SONY PaSoRi 01 00", true));
    try (CardLocator.Connection c =
        new CardLocator(settings(CardSelector.anyReader()), pcsc).connect(Duration.ZERO)) {
      assertEquals("reader 'SONY PaSoRi 01 00'", c.source());
      assertEquals(0x9000, c.transport().transmit(new CommandAPDU(0, 0xA4, 4, 0x0C)).getSW());
    }
    try (CardLocator.Connection c =
        new CardLocator(settings(new CardSelector.Reader("pasori")), pcsc).connect(Duration.ZERO)) {
      assertEquals("reader 'SONY PaSoRi 01 00'", c.source());
    }
    NoCardException empty =
        assertThrows(
            NoCardException.class,
            () ->
                new CardLocator(settings(new CardSelector.Reader("0")), pcsc)
                    .connect(Duration.ZERO));
    assertEquals("no card in reader 'ACS ACR39U 00 00'", empty.getMessage());
    NoReaderException none =
        assertThrows(
            NoReaderException.class,
            () ->
                new CardLocator(settings(new CardSelector.Reader("Gemalto")), pcsc)
                    .connect(Duration.ZERO));
    assertEquals(
        "no reader matches 'Gemalto'; readers: 0: ACS ACR39U 00 00, 1: SONY PaSoRi 01 00",
        none.getMessage());
    assertEquals(List.of(false, false, false, false), apartSeen);
    assertTrue(FakeSimulatorOpener.OPENED.isEmpty(), "the reader path opens no simulated card");
  }

  @Test
  void aReaderIsWaitedForAndChosenAfreshAtEachConnect() throws Exception {
    CardReadersTest.FakeTerminal first = new CardReadersTest.FakeTerminal("first", false);
    terminals.terminals.add(first);
    CardLocator.Attachment attachment =
        new CardLocator(settings(CardSelector.anyReader()), pcsc).attach();
    assertFalse(attachment.simulated());
    assertEquals(Duration.ofSeconds(3), attachment.cardWait(Duration.ofSeconds(3)));
    assertSame(first, attachment.terminal(false));
    CardReadersTest.FakeTerminal second = new CardReadersTest.FakeTerminal("second", true);
    terminals.terminals.add(second);
    assertSame(second, attachment.terminal(true), "the reader with a card, chosen now");
    assertEquals(List.of(false, true), apartSeen);
    attachment.close();

    first.insert();
    terminals.terminals.remove(second);
    try (CardLocator.Connection c =
        new CardLocator(settings(CardSelector.anyReader()), pcsc).connect(Duration.ofSeconds(5))) {
      assertEquals("reader 'first'", c.source());
    }
  }

  @Test
  void theSimulatedCardThroughTheService() throws Exception {
    Path dir = Path.of("cards", "one");
    CardLocator locator = new CardLocator(settings(new CardSelector.Simulator(dir)), pcsc);
    try (CardLocator.Connection c = locator.connect(Duration.ofSeconds(5))) {
      assertEquals("simulated card in " + dir, c.source());
      assertEquals(dir, FakeSimulatorOpener.last().dir);
      assertEquals(0, FakeSimulatorOpener.last().closes);
    }
    assertEquals(1, FakeSimulatorOpener.last().closes, "closing the connection releases it");
    assertTrue(apartSeen.isEmpty(), "no PC/SC for the simulated card");

    CardLocator.Attachment attachment = locator.attach();
    assertTrue(attachment.simulated());
    assertEquals(Duration.ZERO, attachment.cardWait(Duration.ofSeconds(3)));
    assertSame(FakeSimulatorOpener.last().terminal, attachment.terminal(false));
    assertSame(FakeSimulatorOpener.last().terminal, attachment.terminal(true));
    assertEquals(0, FakeSimulatorOpener.last().closes, "held while attached");
    attachment.close();
    assertEquals(1, FakeSimulatorOpener.last().closes);
  }

  @Test
  void aSimulatedCardThatCannotBeConnectedIsReleasedAtOnce() {
    FakeSimulatorOpener.cardInReader = false;
    CardLocator locator =
        new CardLocator(settings(new CardSelector.Simulator(Path.of("gone"))), pcsc);
    NoCardException e =
        assertThrows(NoCardException.class, () -> locator.connect(Duration.ofSeconds(30)));
    assertEquals("no card in reader 'simulated gone'", e.getMessage(), "not waited for");
    assertEquals(1, FakeSimulatorOpener.last().closes);
  }

  @Test
  void theOpenersFailureIsTheCallers() {
    IOException locked = new IOException("the card directory is in use");
    FakeSimulatorOpener.failure = locked;
    CardLocator locator = new CardLocator(settings(new CardSelector.Simulator(Path.of("x"))), pcsc);
    assertSame(locked, assertThrows(IOException.class, () -> locator.connect(Duration.ZERO)));
  }

  @Test
  void aTerminalGivenIsConnectedAsItIsWithoutWaiting() throws Exception {
    CardReadersTest.FakeTerminal given = new CardReadersTest.FakeTerminal("given", true);
    CardLocator locator = new CardLocator(settings(new CardSelector.Terminal(given)), pcsc);
    try (CardLocator.Connection c = locator.connect(Duration.ofSeconds(5))) {
      assertEquals("reader 'given'", c.source());
    }
    CardReadersTest.FakeTerminal empty = new CardReadersTest.FakeTerminal("empty", false);
    NoCardException e =
        assertThrows(
            NoCardException.class,
            () ->
                new CardLocator(settings(new CardSelector.Terminal(empty)), pcsc)
                    .connect(Duration.ofSeconds(30)));
    assertEquals("no card in reader 'empty'", e.getMessage());
    assertTrue(apartSeen.isEmpty());
  }
}
