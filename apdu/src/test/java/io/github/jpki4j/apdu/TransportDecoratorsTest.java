package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

/** The decorators and the javax.smartcardio transport, each doing what it says and no more. */
class TransportDecoratorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final CommandAPDU SELECT =
      new CommandAPDU(HEX.parseHex("00A4040C0AD392F000260100000001"));

  /** Records what reaches it; answers 01 02 90 00. */
  private static class Inner implements ApduTransport {
    final List<String> calls = new ArrayList<>();
    final ResponseAPDU answer = new ResponseAPDU(HEX.parseHex("01029000"));

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
      calls.add("transmit " + HEX.formatHex(command.getBytes()));
      return answer;
    }

    @Override
    public int transmitSecret(byte[] command, byte[] response) {
      calls.add("secret " + HEX.formatHex(command));
      response[0] = (byte) 0x90;
      response[1] = 0;
      return 2;
    }

    @Override
    public byte[] atr() {
      calls.add("atr");
      return new byte[] {0x3B, 0x00};
    }

    @Override
    public void beginExclusive() {
      calls.add("begin");
    }

    @Override
    public void endExclusive() {
      calls.add("end");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void countingCountsApdusAndBytesBothWays() throws Exception {
    Inner inner = new Inner();
    CountingTransport t = new CountingTransport(inner);
    assertEquals(0, t.apdus());
    assertSame(inner.answer, t.transmit(SELECT));
    t.transmit(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 256));
    assertEquals(2, t.apdus());
    // 15 + 5 command bytes, 4 + 4 response bytes (data and status word)
    assertEquals(15 + 5 + 4 + 4, t.bytes());
    t.reset();
    assertEquals(0, t.apdus());
    assertEquals(0, t.bytes());
  }

  @Test
  void aDecoratorForwardsEverythingItDoesNotChange() throws Exception {
    Inner inner = new Inner();
    ApduTransport t = new CountingTransport(inner);
    assertArrayEquals(new byte[] {0x3B, 0x00}, t.atr());
    t.beginExclusive();
    t.transmit(SELECT);
    t.endExclusive();
    t.close();
    assertEquals(
        List.of("atr", "begin", "transmit 00a4040c0ad392f000260100000001", "end", "close"),
        inner.calls);
  }

  @Test
  void aTraceShowsOnlyTheFieldsACommandHas() {
    assertEquals("00 B0 00 00", TracingTransport.format(new CommandAPDU(0x00, 0xB0, 0, 0)));
    assertEquals("00 B0 01 00 Le=1", TracingTransport.format(new CommandAPDU(0x00, 0xB0, 1, 0, 1)));
    assertEquals(
        "00 A4 02 0C 2 bytes: 000A",
        TracingTransport.format(new CommandAPDU(0x00, 0xA4, 2, 0x0C, new byte[] {0, 0x0A})));
    assertEquals(
        "00 20 00 80 4 bytes: ** (4 PIN bytes masked)",
        TracingTransport.format(new CommandAPDU(0x00, 0x20, 0, 0x80, "1234".getBytes())));
    assertEquals(
        "00 24 01 80 1 bytes: ** (1 PIN bytes masked)",
        TracingTransport.format(new CommandAPDU(0x00, 0x24, 1, 0x80, new byte[] {9})));
  }

  @Test
  void aTracedExchangeReturnsTheCardsAnswerAndTimesIt() throws Exception {
    Inner inner = new Inner();
    List<String> lines = new ArrayList<>();
    TracingTransport t = new TracingTransport(inner, lines::add);
    assertSame(inner.answer, t.transmit(SELECT));
    assertEquals(2, lines.size());
    assertEquals(">> 00 A4 04 0C 10 bytes: D392F000260100000001", lines.get(0));
    Matcher m = Pattern.compile("<< 0102 9000 \\[(\\d+\\.\\d\\d) ms\\]").matcher(lines.get(1));
    assertTrue(m.matches(), lines.get(1));
    double ms = Double.parseDouble(m.group(1));
    assertTrue(ms >= 0 && ms < 60_000, "elapsed " + ms + " ms");
  }

  @Test
  void aTracedTransportFailureIsTracedAndPassedOn() {
    List<String> lines = new ArrayList<>();
    TracingTransport t =
        new TracingTransport(
            new Inner() {
              @Override
              public ResponseAPDU transmit(CommandAPDU command) throws CardRemovedException {
                throw new CardRemovedException("the card was removed", null);
              }
            },
            lines::add);
    assertThrows(CardRemovedException.class, () -> t.transmit(SELECT));
    assertTrue(lines.get(1).startsWith("<< the card was removed ["), lines.get(1));
  }

  /** A javax.smartcardio card that records what the transport asks of it. */
  private static final byte[] VERIFY_1234 = HEX.parseHex("002000800431323334");

  @Test
  void aSecretCommandPassesThroughEveryDecoratorToTheSecretPath() throws Exception {
    Inner inner = new Inner();
    List<String> lines = new ArrayList<>();
    CountingTransport counting = new CountingTransport(new TracingTransport(inner, lines::add));
    ApduTransport t = new ForwardingTransport(counting) {};
    byte[] response = new byte[258];
    assertEquals(2, t.transmitSecret(VERIFY_1234.clone(), response));
    assertEquals(List.of("secret 002000800431323334"), inner.calls, "never as a CommandAPDU");
    assertEquals(0x90, response[0] & 0xFF);
    assertEquals(1, counting.apdus());
    assertEquals(9 + 2, counting.bytes());
    assertEquals(">> 00 20 00 80 4 bytes: ** (4 PIN bytes masked)", lines.get(0));
    assertTrue(lines.get(1).startsWith("<< 9000 ["), lines.get(1));
    assertTrue(String.join("\n", lines).indexOf("31323334") < 0, "no PIN in the trace");
  }

  @Test
  void theSmartcardioTransportSendsSecretsWithoutACommandApdu() throws Exception {
    FakeCard card = new FakeCard();
    SmartcardioTransport t = new SmartcardioTransport(card);
    byte[] response = new byte[258];
    assertSame(
        SecretTransmitter.CHANNEL,
        SecretTransmitters.installed(),
        "apdu alone installs no SecretTransmitter service: the channel's way");
    assertEquals(2, t.transmitSecret(VERIFY_1234.clone(), response));
    assertEquals(List.of("transmit buffer 002000800431323334"), card.calls);

    List<String> used = new ArrayList<>();
    t.sendingSecretsWith(
        (c, command, r) -> {
          used.add(HEX.formatHex(command));
          r[0] = 0x63;
          r[1] = (byte) 0xC2;
          return 2;
        });
    assertEquals(2, t.transmitSecret(VERIFY_1234.clone(), response));
    assertEquals(List.of("002000800431323334"), used, "the transmitter it was given");
    assertEquals(1, card.calls.size(), "and not the channel");
    t.sendingSecretsWith(
        (c, command, r) -> {
          throw new IllegalArgumentException("apdu must be at least 2 bytes long");
        });
    assertThrows(TransmitFailedException.class, () -> t.transmitSecret(VERIFY_1234, response));
    t.sendingSecretsWith((c, command, r) -> 1);
    assertThrows(TransmitFailedException.class, () -> t.transmitSecret(VERIFY_1234, response));
    t.close();
    assertThrows(TransportException.class, () -> t.transmitSecret(VERIFY_1234, response));
  }

  private static final class FakeCard extends Card {
    final List<String> calls = new ArrayList<>();
    RuntimeException failure;
    RuntimeException exclusiveFailure;

    @Override
    public ATR getATR() {
      return new ATR(HEX.parseHex("3BE000FF8131FE4514"));
    }

    @Override
    public String getProtocol() {
      return "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
      return new CardChannel() {
        @Override
        public Card getCard() {
          return FakeCard.this;
        }

        @Override
        public int getChannelNumber() {
          return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) {
          calls.add("transmit");
          if (failure != null) {
            throw failure;
          }
          return new ResponseAPDU(new byte[] {(byte) 0x90, 0});
        }

        @Override
        public int transmit(java.nio.ByteBuffer command, java.nio.ByteBuffer response) {
          byte[] c = new byte[command.remaining()];
          command.get(c);
          calls.add("transmit buffer " + HEX.formatHex(c));
          response.put(new byte[] {(byte) 0x90, 0});
          return 2;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CardChannel openLogicalChannel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void beginExclusive() {
      calls.add("beginExclusive");
      if (exclusiveFailure != null) {
        throw exclusiveFailure;
      }
    }

    @Override
    public void endExclusive() throws CardException {
      calls.add("endExclusive");
      throw new CardException("not held");
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void disconnect(boolean reset) {
      calls.add("disconnect reset=" + reset);
    }
  }

  @Test
  void theSmartcardioTransportHoldsReleasesAndDisconnectsTheCardOnce() throws Exception {
    FakeCard card = new FakeCard();
    SmartcardioTransport t = new SmartcardioTransport(card);
    assertArrayEquals(HEX.parseHex("3BE000FF8131FE4514"), t.atr());
    t.beginExclusive();
    assertEquals(0x9000, t.transmit(SELECT).getSW());
    t.endExclusive(); // a card that says it was not held: nothing to do
    t.close();
    t.close();
    t.closeWithReset(); // after close: nothing
    assertEquals(
        List.of("beginExclusive", "transmit", "endExclusive", "disconnect reset=false"),
        card.calls);
    TransportException e = assertThrows(TransportException.class, () -> t.transmit(SELECT));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void transportsShareACardOnlyWhenTheyHoldTheSameOne() throws Exception {
    FakeCard card = new FakeCard();
    SmartcardioTransport first = new SmartcardioTransport(card);
    SmartcardioTransport second = new SmartcardioTransport(card);
    SmartcardioTransport other = new SmartcardioTransport(new FakeCard());
    assertTrue(first.sharesCardWith(second));
    assertFalse(first.sharesCardWith(other));
    assertFalse(first.sharesCardWith(null));
    second.detach(); // stops using it without disconnecting the first's card
    assertThrows(TransportException.class, () -> second.transmit(SELECT));
    assertEquals(0x9000, first.transmit(SELECT).getSW());
    assertEquals(List.of("transmit"), card.calls);
  }

  @Test
  void aResetReleaseResetsTheCard() {
    FakeCard card = new FakeCard();
    SmartcardioTransport t = new SmartcardioTransport(card);
    t.closeWithReset();
    t.close();
    assertEquals(List.of("disconnect reset=true"), card.calls);
  }

  @Test
  void javaxSmartcardioFailuresBecomeTypedExceptions() {
    FakeCard card = new FakeCard();
    SmartcardioTransport t = new SmartcardioTransport(card);
    card.failure = new IllegalStateException("Card has been removed");
    assertThrows(CardRemovedException.class, () -> t.transmit(SELECT));
    card.failure = new IllegalArgumentException("apdu must be at least 2 bytes long");
    TransmitFailedException e =
        assertThrows(TransmitFailedException.class, () -> t.transmit(SELECT));
    assertEquals(TransmitFailedException.class, e.getClass()); // not a removal
    // the JDK's word for a card it has marked removed, wherever the transport touches the card:
    // callers (the agent's recovery) see typed exceptions only
    card.exclusiveFailure = new IllegalStateException("Card has been removed");
    assertThrows(CardRemovedException.class, t::beginExclusive);
  }
}
