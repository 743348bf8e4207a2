package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.StubCard;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listing, choosing and connecting, over fake javax.smartcardio terminals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CardReadersTest {
  private static final byte[] ATR_BYTES = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};

  /** A reader whose card can come and go; a card answers every APDU with 9000. */
  static final class FakeTerminal extends CardTerminal {
    private final String name;
    private volatile boolean present;
    private volatile String connectFailure;

    /**
     * Counted down by a caller of waitForCardPresent that found no card and is about to wait; as
     * both run under this monitor, insert() then happens only once that caller waits.
     */
    volatile CountDownLatch waiting = new CountDownLatch(1);

    FakeTerminal(String name, boolean present) {
      this.name = name;
      this.present = present;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Card connect(String protocol) throws CardException {
      if (connectFailure != null) {
        throw new CardException("connect() failed", new Exception(connectFailure));
      }
      if (!present) {
        throw new CardException("connect() failed", new Exception("SCARD_E_NO_SMARTCARD"));
      }
      return new FakeCard();
    }

    @Override
    public boolean isCardPresent() {
      return present;
    }

    @Override
    public synchronized boolean waitForCardPresent(long timeout) throws CardException {
      long deadline = System.currentTimeMillis() + timeout;
      while (!present) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        waiting.countDown();
        try {
          wait(Math.min(left, 20));
        } catch (InterruptedException e) {
          throw new CardException(e);
        }
      }
      return true;
    }

    @Override
    public boolean waitForCardAbsent(long timeout) {
      return !present;
    }

    synchronized void insert() {
      present = true;
      notifyAll();
    }
  }

  static final class FakeCard extends StubCard {
    @Override
    public ATR getATR() {
      return new ATR(ATR_BYTES);
    }

    @Override
    public CardChannel getBasicChannel() {
      Card card = this;
      return new CardChannel() {
        @Override
        public Card getCard() {
          return card;
        }

        @Override
        public int getChannelNumber() {
          return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) {
          return new ResponseAPDU(new byte[] {(byte) 0x90, 0x00});
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Terminals that list the given readers, or fail with a PC/SC error code. */
  static final class FakeTerminals extends CardTerminals {
    final List<CardTerminal> terminals = new ArrayList<>();
    String listFailure;

    @Override
    public List<CardTerminal> list(State state) throws CardException {
      if (listFailure != null) {
        throw new CardException("list() failed", new Exception(listFailure));
      }
      return List.copyOf(terminals);
    }

    @Override
    public boolean waitForChange(long timeout) {
      return false;
    }
  }

  private static CardReaders readers(FakeTerminal... terminals) {
    FakeTerminals t = new FakeTerminals();
    t.terminals.addAll(List.of(terminals));
    return CardReaders.of(t);
  }

  @Test
  void listsReadersInOrderWithCardPresence() throws Exception {
    List<CardReaders.Reader> all =
        readers(
                new FakeTerminal("ACS ACR39U 00 00", false),
                new FakeTerminal("SONY FeliCa Port/PaSoRi 4.0 01 00", true))
            .list();
    assertEquals(2, all.size());
    assertEquals(0, all.get(0).index());
    assertEquals("ACS ACR39U 00 00", all.get(0).name());
    assertFalse(all.get(0).cardPresent());
    assertEquals(1, all.get(1).index());
    assertTrue(all.get(1).cardPresent());
  }

  @Test
  void choosesByIndexExactNameOrUniquePartOfAName() throws Exception {
    CardReaders r =
        readers(
            new FakeTerminal("Virtual PCD 00 00", true),
            new FakeTerminal("Virtual PCD 00 01", false),
            new FakeTerminal("SONY FeliCa Port/PaSoRi 4.0 00 00", false));
    assertEquals("Virtual PCD 00 01", r.choose("1").name());
    assertEquals("Virtual PCD 00 00", r.choose("Virtual PCD 00 00").name());
    assertEquals("SONY FeliCa Port/PaSoRi 4.0 00 00", r.choose("pasori").name());
    NoReaderException several = assertThrows(NoReaderException.class, () -> r.choose("virtual"));
    assertTrue(
        several
            .getMessage()
            .startsWith(
                "several readers match 'virtual'; readers: 0: "
                    + "Virtual PCD 00 00, 1: Virtual PCD 00 01, 2: SONY"),
        several.getMessage());
    NoReaderException none = assertThrows(NoReaderException.class, () -> r.choose("gemalto"));
    assertTrue(none.getMessage().startsWith("no reader matches 'gemalto'"), none.getMessage());
    NoReaderException index = assertThrows(NoReaderException.class, () -> r.choose("3"));
    assertTrue(index.getMessage().startsWith("there is no reader 3;"), index.getMessage());
  }

  @Test
  void withoutAChoiceTheFirstReaderWithACardIsTaken() throws Exception {
    assertEquals(
        "b",
        readers(
                new FakeTerminal("a", false),
                new FakeTerminal("b", true),
                new FakeTerminal("c", true))
            .choose(null)
            .name());
    assertEquals(
        "a", readers(new FakeTerminal("a", false), new FakeTerminal("b", false)).choose("").name());
    NoReaderException e = assertThrows(NoReaderException.class, () -> readers().choose(null));
    assertEquals("no card reader found: connect a reader", e.getMessage());
  }

  @Test
  void pcscErrorsOfListingBecomeTypedExceptions() throws Exception {
    FakeTerminals t = new FakeTerminals();
    t.listFailure = "SCARD_E_NO_READERS_AVAILABLE";
    assertTrue(CardReaders.of(t).list().isEmpty());
    t.listFailure = "SCARD_E_NO_SERVICE";
    PcscUnavailableException e =
        assertThrows(PcscUnavailableException.class, () -> CardReaders.of(t).list());
    assertTrue(
        e.getMessage().startsWith("the PC/SC service is not running (start pcscd"), e.getMessage());
    t.listFailure = "SCARD_F_INTERNAL_ERROR";
    TransportException other =
        assertThrows(TransportException.class, () -> CardReaders.of(t).list());
    assertFalse(other instanceof PcscUnavailableException);
  }

  @Test
  void aProviderThatCannotLoadTheLibrarySaysWhatToInstall() {
    PcscUnavailableException e =
        CardReaders.unavailable(
            new NoSuchAlgorithmException(
                "Error constructing implementation (algorithm: PC/SC, provider: SunPCSC)",
                new IOException("dlopen failed: libpcsclite.so: cannot open shared object file")));
    assertTrue(
        e.getMessage().startsWith("no PC/SC library could be loaded (tried "), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "): install pcscd and libpcsclite1 (Debian, Ubuntu) or"
                    + " pcsc-lite (Fedora, Arch), or set -Dsun.security.smartcardio.library=PATH"),
        e.getMessage());
    PcscUnavailableException service =
        CardReaders.unavailable(
            new NoSuchAlgorithmException(
                "Error constructing implementation", new Exception("SCARD_E_NO_SERVICE")));
    assertTrue(service.getMessage().startsWith("the PC/SC service is not running"));
  }

  @Test
  void connectsToACardThatIsPresent() throws Exception {
    CardReaders.Reader r = readers(new FakeTerminal("r", true)).choose("0");
    try (ApduTransport t = CardReaders.connect(r, Duration.ZERO)) {
      assertArrayEquals(ATR_BYTES, t.atr());
      assertEquals(0x9000, t.transmit(new CommandAPDU(0, 0xA4, 4, 0)).getSW());
    }
  }

  @Test
  void waitsForACardUpToTheTimeout() throws Exception {
    FakeTerminal terminal = new FakeTerminal("r", false);
    CardReaders.Reader r = readers(terminal).choose("0");
    long t0 = System.nanoTime();
    NoCardException e =
        assertThrows(NoCardException.class, () -> CardReaders.connect(r, Duration.ofMillis(300)));
    long waited = (System.nanoTime() - t0) / 1_000_000;
    // not much before the timeout (the fake terminal counts in whole milliseconds); no later
    // bound: returning at all, with no card ever inserted, is giving up
    assertTrue(waited >= 250, "gave up after " + waited + " ms, before the timeout of 300 ms");
    assertEquals("no card in reader 'r' (waited 0.3 s)", e.getMessage());

    NoCardException now =
        assertThrows(NoCardException.class, () -> CardReaders.connect(r, Duration.ZERO));
    assertEquals("no card in reader 'r'", now.getMessage());

    // Insert only once connect is waiting for the card, so the wake-up is what is tested.
    terminal.waiting = new CountDownLatch(1);
    ExecutorService connector = Executors.newSingleThreadExecutor();
    try {
      Future<ApduTransport> connecting =
          connector.submit(() -> CardReaders.connect(r, Duration.ofSeconds(5)));
      assertTrue(
          terminal.waiting.await(10, TimeUnit.SECONDS),
          "connect did not wait for the card to come");
      terminal.insert();
      try (ApduTransport t = connecting.get(10, TimeUnit.SECONDS)) {
        assertArrayEquals(ATR_BYTES, t.atr());
      }
    } finally {
      connector.shutdownNow();
    }
  }

  @Test
  void aCardPulledDuringConnectIsNoCard() throws Exception {
    FakeTerminal terminal = new FakeTerminal("r", true);
    terminal.connectFailure = "SCARD_W_REMOVED_CARD";
    CardReaders.Reader r = readers(terminal).choose("0");
    assertThrows(NoCardException.class, () -> CardReaders.connect(r, Duration.ZERO));
  }
}
