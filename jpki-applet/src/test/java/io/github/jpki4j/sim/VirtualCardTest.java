package io.github.jpki4j.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.Await;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The javax.smartcardio face of the virtual card: ATR, connections, removal, power. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualCardTest {
  private static final byte[] AID = HexFormat.of().parseHex("D392F000260100000001");
  private static final CommandAPDU SELECT_AP = new CommandAPDU(0x00, 0xA4, 0x04, 0x0C, AID);
  private static final CommandAPDU SELECT_AUTH_PIN =
      new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x00, 0x18});
  private static final CommandAPDU SELECT_AUTH_KEY =
      new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x00, 0x17});
  private static final CommandAPDU VERIFY_1234 =
      new CommandAPDU(0x00, 0x20, 0x00, 0x80, "1234".getBytes(UTF_8));
  private static final CommandAPDU SIGN =
      new CommandAPDU(0x80, 0x2A, 0x00, 0x80, new byte[32], 256);

  private VirtualCard card;

  @BeforeEach
  void setUp() {
    card = VirtualCard.create(TestIdentity.defaultIdentity());
  }

  @AfterEach
  void tearDown() {
    card.close();
  }

  private static int sw(CardChannel ch, CommandAPDU c) throws CardException {
    return ch.transmit(c).getSW();
  }

  @Test
  void terminalPathWithTheDefaultAtr() throws Exception {
    CardTerminal terminal = card.terminal();
    assertEquals(VirtualCard.READER_NAME, terminal.getName());
    assertTrue(terminal.isCardPresent());
    Card c = terminal.connect("*");
    assertEquals("T=1", c.getProtocol());
    assertArrayEquals(CardKind.CONTACT_2024.atr(), c.getATR().getBytes());
    assertArrayEquals(c.getATR().getBytes(), card.atr());
    assertSame(c, terminal.connect("T=1"), "one Card per connection, as the JDK does");
    CardChannel ch = c.getBasicChannel();
    assertEquals(0, ch.getChannelNumber());
    assertEquals(0x9000, sw(ch, SELECT_AP));
    assertEquals(0x9000, sw(ch, new CommandAPDU(0x00, 0xA4, 0x02, 0x0C, new byte[] {0, 0x0A})));
    ResponseAPDU whole = ch.transmit(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 65536));
    assertArrayEquals(TestIdentity.defaultIdentity().authCertificateDer(), whole.getData());
    ByteBuffer response = ByteBuffer.allocate(300);
    int n = ch.transmit(ByteBuffer.wrap(HexFormat.of().parseHex("00B0000004")), response);
    assertEquals(6, n);
    assertEquals(0x30, response.get(0) & 0xFF);
    c.disconnect(false);
    assertThrows(IllegalStateException.class, () -> ch.transmit(SELECT_AP));
  }

  @Test
  void eachCardKindPresentsItsAtr() throws Exception {
    for (CardKind kind : CardKind.values()) {
      byte[] bytes = kind.atr();
      try (VirtualCard other =
          VirtualCard.create(
              TestIdentity.defaultIdentity(),
              PinState.defaults(),
              new CardProfile(kind, ReaderKind.EXTENDED, Set.of()))) {
        assertArrayEquals(bytes, other.atr());
        assertArrayEquals(bytes, other.terminal().connect("*").getATR().getBytes());
      }
    }
    assertArrayEquals(
        HexFormat.of().parseHex("3BDA13FF8131FB468012392F31C173C601C03B"),
        card.atr(),
        "the default is the 2024 contact card");
  }

  @Test
  void protocols() {
    assertThrows(IllegalArgumentException.class, () -> card.terminal().connect("T=2"));
    CardException e = assertThrows(CardException.class, () -> card.terminal().connect("T=0"));
    assertTrue(e.getCause().getMessage().contains("SCARD_E_PROTO_MISMATCH"));
  }

  @Test
  void removalAndInsertion() throws Exception {
    CardTerminal terminal = card.terminal();
    CardChannel ch = terminal.connect("*").getBasicChannel();
    assertEquals(0x9000, sw(ch, SELECT_AP));
    assertEquals(0x9000, sw(ch, SELECT_AUTH_PIN));
    assertEquals(0x9000, sw(ch, VERIFY_1234));
    card.removeCard();
    assertFalse(terminal.isCardPresent());
    assertTrue(terminal.waitForCardAbsent(10));
    assertFalse(terminal.waitForCardPresent(20));
    CardException removed = assertThrows(CardException.class, () -> ch.transmit(SELECT_AP));
    assertTrue(removed.getCause().getMessage().contains("SCARD_W_REMOVED_CARD"));
    assertThrows(
        IllegalStateException.class,
        () -> ch.transmit(SELECT_AP),
        "then the JDK reports the card as removed");
    CardException none = assertThrows(CardException.class, () -> terminal.connect("*"));
    assertTrue(none.getCause().getMessage().contains("SCARD_E_NO_SMARTCARD"));
    assertThrows(IllegalStateException.class, () -> card.transmit(SELECT_AP));

    // Insert only once a caller is blocked waiting for the card, so the wake-up is what is tested.
    FutureTask<Boolean> waiting = new FutureTask<>(() -> terminal.waitForCardPresent(5000));
    Thread waiter = new Thread(waiting, "waitForCardPresent");
    waiter.setDaemon(true);
    waiter.start();
    Await.parkedIn(waiter, VirtualTerminal.class, "waitForCardPresent");
    card.insertCard();
    assertTrue(waiting.get(5, TimeUnit.SECONDS));
    Card again = terminal.connect("*");
    CardChannel ch2 = again.getBasicChannel();
    assertEquals(0x9000, sw(ch2, SELECT_AP));
    assertEquals(0x9000, sw(ch2, SELECT_AUTH_KEY));
    assertEquals(0x6982, sw(ch2, SIGN), "a new card session: the PIN is no longer verified");
  }

  @Test
  void resetAndPowerCycleEndTheConnection() throws Exception {
    Card c = card.terminal().connect("*");
    CardChannel ch = c.getBasicChannel();
    assertEquals(0x9000, sw(ch, SELECT_AP));
    card.reset();
    CardException e = assertThrows(CardException.class, () -> ch.transmit(SELECT_AP));
    assertTrue(e.getCause().getMessage().contains("SCARD_W_RESET_CARD"));
    Card c2 = card.terminal().connect("*");
    assertTrue(c2 != c);
    assertEquals(0x9000, sw(c2.getBasicChannel(), SELECT_AP));
    card.powerOff();
    assertFalse(card.isPowered());
    assertThrows(IllegalStateException.class, () -> card.transmit(SELECT_AP));
    Card c3 = card.terminal().connect("*"); // powers the card up
    assertTrue(card.isPowered());
    assertEquals(0x9000, sw(c3.getBasicChannel(), SELECT_AP));
  }

  @Test
  void disconnectWithAndWithoutReset() throws Exception {
    Card c = card.terminal().connect("*");
    CardChannel ch = c.getBasicChannel();
    assertEquals(0x9000, sw(ch, SELECT_AP));
    assertEquals(0x9000, sw(ch, SELECT_AUTH_PIN));
    assertEquals(0x9000, sw(ch, VERIFY_1234));
    c.disconnect(false); // leave the card: the session goes on
    CardChannel ch2 = card.terminal().connect("*").getBasicChannel();
    assertEquals(0x9000, sw(ch2, SELECT_AUTH_KEY));
    assertEquals(0x9000, sw(ch2, SIGN));
    ch2.getCard().disconnect(true); // reset
    CardChannel ch3 = card.terminal().connect("*").getBasicChannel();
    assertEquals(0x9000, sw(ch3, SELECT_AP));
    assertEquals(0x9000, sw(ch3, SELECT_AUTH_KEY));
    assertEquals(0x6982, sw(ch3, SIGN));
  }

  @Test
  void basicChannelRulesOfTheJdk() throws Exception {
    Card c = card.terminal().connect("*");
    CardChannel ch = c.getBasicChannel();
    // the JDK clears the channel bits of the CLA on the basic channel; the raw path does not
    assertEquals(0x9000, sw(ch, new CommandAPDU(0x01, 0xA4, 0x04, 0x0C, AID)));
    assertEquals(0x6881, card.transmit(new CommandAPDU(0x01, 0xB0, 0x00, 0x00, 4)).getSW());
    assertThrows(
        IllegalArgumentException.class,
        () -> ch.transmit(new CommandAPDU(0x00, 0x70, 0x00, 0x00, 1)));
    CardException e = assertThrows(CardException.class, c::openLogicalChannel);
    assertTrue(e.getMessage().contains("6881"), e.getMessage());
    assertThrows(IllegalStateException.class, ch::close);
  }

  @Test
  void exclusiveAccessBelongsToOneThread() throws Exception {
    Card c = card.terminal().connect("*");
    c.beginExclusive();
    CompletableFuture<Throwable> other =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                c.getBasicChannel().transmit(SELECT_AP);
                return null;
              } catch (CardException | RuntimeException e) {
                return e;
              }
            });
    assertTrue(other.get(5, TimeUnit.SECONDS) instanceof CardException);
    assertEquals(0x9000, sw(c.getBasicChannel(), SELECT_AP));
    c.endExclusive();
    assertThrows(IllegalStateException.class, c::endExclusive);
  }

  @Test
  @Timeout(60)
  void exclusiveAccessIsGrantedToOneThreadAtATime() throws Exception {
    // beginExclusive used to read the owner, check the connection (under the card's lock), then
    // set the owner: every thread that read "no owner" before the first one set it got in too.
    // Holding the card's lock while the threads arrive opens that window wide, every time.
    Card c = card.terminal().connect("*");
    int threads = 16;
    for (int round = 0; round < 20; round++) {
      AtomicInteger granted = new AtomicInteger();
      CountDownLatch release = new CountDownLatch(1);
      List<Thread> all = new ArrayList<>();
      synchronized (card) {
        for (int i = 0; i < threads; i++) {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      c.beginExclusive();
                    } catch (CardException e) {
                      return; // refused: someone else has it
                    }
                    granted.incrementAndGet();
                    try {
                      release.await(10, TimeUnit.SECONDS);
                      c.endExclusive();
                    } catch (InterruptedException | CardException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "exclusive-" + round + "-" + i);
          all.add(t);
          t.start();
        }
        // every thread is now either refused (done) or waiting for the card's lock
        Await.until(
            "every thread of round " + round + " refused or blocked on the card's lock",
            () -> all.stream().map(t -> t.getName() + " " + t.getState()).toList().toString(),
            () -> all.stream().allMatch(t -> !t.isAlive() || t.getState() == Thread.State.BLOCKED));
      }
      // the holder keeps it until every thread has had its go
      Await.until(
          "every thread to have had its go",
          () -> granted.get() + " granted, " + dead(all) + " ended of " + threads,
          () -> granted.get() + dead(all) >= threads);
      release.countDown();
      for (Thread t : all) {
        t.join(10_000);
      }
      assertEquals(
          1,
          granted.get(),
          "round " + round + ": exclusive access granted to " + granted.get() + " threads at once");
    }
  }

  private static int dead(List<Thread> threads) {
    return (int) threads.stream().filter(t -> !t.isAlive()).count();
  }

  @Test
  void malformedRawCommandsAnswer6700() {
    card.transmit(SELECT_AP.getBytes());
    assertArrayEquals(new byte[] {0x67, 0x00}, card.transmit(HexFormat.of().parseHex("00B0")));
    assertArrayEquals(
        new byte[] {0x67, 0x00}, card.transmit(HexFormat.of().parseHex("00B000000500")));
  }

  @Test
  void terminalsList() throws Exception {
    CardTerminals terminals = card.terminals();
    assertEquals(1, terminals.list().size());
    assertEquals(1, terminals.list(CardTerminals.State.CARD_PRESENT).size());
    assertEquals(0, terminals.list(CardTerminals.State.CARD_ABSENT).size());
    assertFalse(terminals.waitForChange(10));
    card.removeCard();
    assertTrue(terminals.waitForChange(10));
    assertEquals(1, terminals.list(CardTerminals.State.CARD_REMOVAL).size());
    assertEquals(0, terminals.list(CardTerminals.State.CARD_PRESENT).size());
  }

  @Test
  void pinStateFollowsTheCard() {
    card.transmit(SELECT_AP);
    card.transmit(SELECT_AUTH_PIN);
    assertEquals(
        0x63C2,
        card.transmit(new CommandAPDU(0x00, 0x20, 0x00, 0x80, "0000".getBytes(UTF_8))).getSW());
    assertEquals(2, card.pinState().authTriesLeft());
    assertEquals(0x9000, card.transmit(VERIFY_1234).getSW());
    assertEquals(3, card.pinState().authTriesLeft());
    assertFalse(card.pinState().toString().contains("1234"));
  }

  @Test
  void closedCard() throws Exception {
    Card c = card.terminal().connect("*");
    card.close();
    card.close();
    assertFalse(card.terminal().isCardPresent());
    assertThrows(IllegalStateException.class, () -> card.transmit(SELECT_AP));
    assertThrows(CardException.class, () -> c.getBasicChannel().transmit(SELECT_AP));
  }
}
