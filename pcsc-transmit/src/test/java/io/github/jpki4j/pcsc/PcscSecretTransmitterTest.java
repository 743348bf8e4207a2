package io.github.jpki4j.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.SecretTransmitters;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.StubCard;
import io.github.jpki4j.testsupport.TestProcess;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import jnasmartcardio.Smartcardio;
import org.junit.jupiter.api.Test;

class PcscSecretTransmitterTest {
  private static final String JDK_CARD_PACKAGE = "sun.security.smartcardio";

  @Test
  void everySmartcardioTransportFindsItAsTheInstalledService() {
    assertInstanceOf(PcscSecretTransmitter.class, SecretTransmitters.installed());
  }

  @Test
  void anotherProvidersCardGoesThroughTheChannelUnchanged() throws CardException {
    ChannelCard card = new ChannelCard(new byte[] {0x63, (byte) 0xC2});
    byte[] command = {0x00, 0x20, 0x00, (byte) 0x80, 0x02, 0x31, 0x32};
    byte[] response = new byte[8];
    PcscSecretTransmitter transmitter = new PcscSecretTransmitter();

    assertEquals(2, transmitter.transmit(card, command, response));
    assertArrayEquals(new byte[] {0x63, (byte) 0xC2}, java.util.Arrays.copyOf(response, 2));
    assertEquals(1, card.sent.size(), "one ByteBuffer transmit");
    assertArrayEquals(command, card.sent.get(0));
    assertFalse(transmitter.direct(card));
    assertFalse(CardHandle.known(card));
  }

  @Test
  void aJnasmartcardioCardsHandleAndProtocolAreRead() throws Exception {
    // its handle type is package-private: made as jnasmartcardio makes it, by its constructor
    Constructor<?> handle =
        Class.forName("jnasmartcardio.Winscard$SCardHandle").getConstructor(long.class);
    handle.setAccessible(true);
    Constructor<?> jnaCard = Smartcardio.JnaCard.class.getConstructors()[0];
    Card card =
        (Card)
            jnaCard.newInstance(
                null, null, handle.newInstance(0x1234_5678_9AL), new ATR(new byte[] {0x3B, 0}), 2);
    assertEquals(Optional.of(new CardHandle(0x1234_5678_9AL, 2)), CardHandle.of(card));
  }

  @Test
  void theJdkCardsHandleIsReachableExactlyWhenItsPackageIsOpen() throws Exception {
    Class<?> jdkCard = Class.forName(CardHandle.JDK_CARD);
    boolean open = jdkCard.getModule().isOpen(JDK_CARD_PACKAGE, CardHandle.class.getModule());
    assertEquals(open, CardHandle.reachable(jdkCard));
  }

  @Test
  void theLaunchersAddOpensMakesTheJdkCardsHandleReachable() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> withOpens =
        List.of(
            java,
            "--add-opens=java.smartcardio/" + JDK_CARD_PACKAGE + "=ALL-UNNAMED",
            "-cp",
            cp,
            Reachable.class.getName());
    List<String> without = new ArrayList<>(withOpens);
    without.remove(1);
    assertEquals("true", TestProcess.of(withOpens).run().assertOk("probe").out().strip());
    assertEquals("false", TestProcess.of(without).run().assertOk("probe").out().strip());
  }

  @Test
  @RequiresTools(ExternalTool.PCSCD) // and so pcsc-lite's library
  void pcscLitesRefusalIsACardExceptionNamingIt() {
    NativeTransmit direct = NativeTransmit.load();
    CardException e =
        assertThrows(
            CardException.class,
            () ->
                direct.send(
                    new CardHandle(0x7fff_1234L, 2),
                    new byte[] {0, 0x20, 0, (byte) 0x80},
                    new byte[2]));
    assertTrue(e.getMessage().contains("SCARD_E_INVALID_HANDLE"), e.getMessage());
  }

  /** Prints whether the JDK card's handle is reachable in this JVM. */
  public static final class Reachable {
    public static void main(String[] args) throws Exception {
      System.out.println(CardHandle.reachable(Class.forName(CardHandle.JDK_CARD)));
    }
  }

  /** A card of no known provider: its channel records each ByteBuffer command and answers. */
  private static final class ChannelCard extends StubCard {
    final List<byte[]> sent = new ArrayList<>();
    private final byte[] answer;

    ChannelCard(byte[] answer) {
      this.answer = answer;
    }

    @Override
    public CardChannel getBasicChannel() {
      return new CardChannel() {
        @Override
        public Card getCard() {
          return ChannelCard.this;
        }

        @Override
        public int getChannelNumber() {
          return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) {
          throw new AssertionError("a secret command made a CommandAPDU");
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
          byte[] c = new byte[command.remaining()];
          command.get(c);
          sent.add(c);
          response.put(answer);
          return answer.length;
        }

        @Override
        public void close() {}
      };
    }
  }
}
