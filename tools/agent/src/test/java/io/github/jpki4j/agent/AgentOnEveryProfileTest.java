package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.Quirk;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's PIN policy and APDU cost on every card profile (each card kind, each reader kind,
 * each quirk alone), and its recovery when another program or the reader gets in the way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentOnEveryProfileTest {
  private static final byte[] DATA = "session data".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /**
   * Connections to a virtual card through a decorator that counts APDUs and can answer one chosen
   * command with a chosen status word, or fail it at the transmit, instead of the card.
   */
  static final class InstrumentedSource implements CardSource {
    final VirtualCard card;
    final CardSource inner;
    final AtomicInteger apdus = new AtomicInteger();
    final List<String> sent = new ArrayList<>();
    volatile Function<String, byte[]> fault = hex -> null;

    InstrumentedSource(VirtualCard card) {
      this.card = card;
      this.inner = CardSource.of(card.terminal(), Duration.ZERO);
    }

    /**
     * The next command starting with {@code prefix} gets {@code swHex} (null: a transmit error).
     */
    void faultOnce(String prefix, String swHex) {
      AtomicInteger left = new AtomicInteger(1);
      fault =
          hex ->
              hex.startsWith(prefix) && left.getAndDecrement() > 0
                  ? (swHex == null ? new byte[0] : HEX.parseHex(swHex))
                  : null;
    }

    @Override
    public ApduTransport connect() throws IOException {
      return new Instrumented(inner.connect());
    }

    final class Instrumented extends ForwardingTransport {
      Instrumented(ApduTransport raw) {
        super(raw);
      }

      ApduTransport raw() {
        return inner;
      }

      @Override
      public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
        String hex = HEX.formatHex(command.getBytes());
        synchronized (sent) {
          sent.add(hex);
        }
        apdus.incrementAndGet();
        byte[] injected = fault.apply(hex);
        if (injected != null) {
          if (injected.length == 0) {
            throw new TransmitFailedException("injected transmit error", null);
          }
          return new ResponseAPDU(injected);
        }
        return super.transmit(command);
      }

      // VERIFY comes this way: seen and faulted alike, then passed on as a secret.
      @Override
      public int transmitSecret(byte[] command, byte[] response) throws TransportException {
        String hex = HEX.formatHex(command);
        synchronized (sent) {
          sent.add(hex);
        }
        apdus.incrementAndGet();
        byte[] injected = fault.apply(hex);
        if (injected != null) {
          if (injected.length == 0) {
            throw new TransmitFailedException("injected transmit error", null);
          }
          System.arraycopy(injected, 0, response, 0, injected.length);
          return injected.length;
        }
        return super.transmitSecret(command, response);
      }
    }

    @Override
    public boolean present(ApduTransport connection) {
      return card.isCardPresent();
    }

    @Override
    public void release(ApduTransport transport, boolean reset) {
      inner.release(((Instrumented) transport).raw(), reset);
    }
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final JpkiAgentBackendTest.ScriptedPins pins = new JpkiAgentBackendTest.ScriptedPins();
  private VirtualCard card;
  private InstrumentedSource source;
  private JpkiAgentBackend backend;
  private byte[] keyBlob;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private void agent(CardProfile profile) {
    card = VirtualCard.create(TestAgent.identity(), PinState.defaults(), profile);
    toClose.add(card);
    source = new InstrumentedSource(card);
    CardWorker worker = new CardWorker(source, ReadMode.SHORT, log::add, Duration.ofSeconds(30));
    toClose.add(worker);
    backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
    keyBlob = RsaSshPublicKey.of(TestAgent.identity().authPublicKey()).blob();
  }

  /** One ssh login: the identities, then a signature that must verify. */
  private int login() throws Exception {
    int before = source.apdus.get();
    assertEquals(1, backend.identities().size());
    SshSignature sig = SshSignature.parse(backend.sign(keyBlob, DATA, 4));
    assertEquals(SshSignatureAlgorithm.RSA_SHA2_512, sig.algorithm());
    assertTrue(sig.verify(RsaSshPublicKey.of(TestAgent.identity().authPublicKey()), DATA));
    return source.apdus.get() - before;
  }

  static List<CardProfile> profiles() {
    return CardProfile.each();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void onePromptPerInsertionAndTwoApdusPerLaterLogin(CardProfile profile) throws Exception {
    agent(profile);
    login();
    assertEquals(1, pins.requests.size(), "the first login asks once");
    assertEquals(2, login(), "a later login: SELECT key + sign, " + source.sent);
    assertEquals(2, login());
    assertEquals(1, pins.requests.size(), "no second prompt");

    backend.removeAll(); // ssh-add -D
    assertTrue(log.stream().anyMatch(l -> l.contains("only removing the card clears")), "" + log);
    login();
    assertEquals(
        2,
        pins.requests.size(),
        "ssh-add -D: exactly one new prompt, whatever the card" + " keeps across the reset");
    assertEquals(2, login());

    card.removeCard();
    card.insertCard();
    login();
    assertEquals(3, pins.requests.size(), "removal and reinsertion: one new prompt");
    assertEquals(2, login());
    assertEquals(3, pins.requests.size());
  }

  @Test
  void anotherApplicationSelectedBetweenLoginsCostsAReselectNotAPrompt() throws Exception {
    agent(CardProfile.DEFAULT);
    login();
    source.faultOnce("00A4020C020017", "6A82"); // the key EF is not in the current DF
    int apdus = login();
    assertEquals(1, pins.requests.size());
    assertEquals(4, apdus, "SELECT key (6A82), SELECT AP, SELECT key, sign: " + source.sent);
    source.faultOnce("00A4020C020017", "6986");
    login();
    assertEquals(1, pins.requests.size());
  }

  @Test
  void aTransmitErrorIsRecoveredOnTheSameConnection() throws Exception {
    agent(CardProfile.DEFAULT);
    login();
    source.faultOnce("802A", null);
    login();
    assertEquals(1, pins.requests.size(), "the PIN state was not lost");
    assertTrue(log.stream().anyMatch(l -> l.contains("re-selected")), "" + log);
  }

  @Test
  void aCardThatForgetsThePinOnReselectIsAskedOnceAndNeverLoops() throws Exception {
    agent(
        new CardProfile(
            io.github.jpki4j.sim.CardKind.CONTACT_2024,
            io.github.jpki4j.sim.ReaderKind.EXTENDED,
            Set.of(Quirk.RESELECT_CLEARS_PIN)));
    login();
    assertEquals(1, pins.requests.size());
    // another program (OpenSC's C_Logout, say) re-selects the AP: this card forgets the PIN
    card.transmit(HEX.parseHex("00A4040C0AD392F000260100000001"));
    login();
    assertEquals(2, pins.requests.size(), "6982: asked once more, with the tries left");
    assertTrue(pins.last().description().contains("3 of 3 tries left"), pins.last().description());
    long verifies = source.sent.stream().filter(h -> h.startsWith("002000800431")).count();
    assertEquals(2, verifies, "one VERIFY per PIN entry: " + source.sent);
    // a card that keeps answering 6982 after a fresh VERIFY is refused, not looped on
    card.transmit(HEX.parseHex("00A4040C0AD392F000260100000001"));
    source.fault = hex -> hex.startsWith("802A") ? HEX.parseHex("6982") : null;
    assertThrows(
        io.github.jpki4j.ssh.agent.AgentRefusedException.class,
        () -> backend.sign(keyBlob, DATA, 4));
    assertEquals(3, pins.requests.size(), "one prompt for the request, no loop");
  }

  @Test
  void aLostVerifyIsNeverSentAgain() throws Exception {
    agent(CardProfile.DEFAULT);
    source.faultOnce("002000800431", null); // the VERIFY's answer is lost
    assertThrows(
        io.github.jpki4j.ssh.agent.AgentRefusedException.class,
        () -> backend.sign(keyBlob, DATA, 4));
    long verifies = source.sent.stream().filter(h -> h.startsWith("002000800431")).count();
    assertEquals(1, verifies, "never re-sent: " + source.sent);
    assertEquals(3, card.pinState().authTriesLeft());
  }

  private static <T extends Throwable> void assertThrows(
      Class<T> type, org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertThrows(type, e);
  }
}
