package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.JpkiAgentBackendTest.ScriptedPins;
import io.github.jpki4j.agent.JpkiAgentBackendTest.SwappableSource;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's PIN rules as its user meets them: the last try and a blocked PIN are never asked for
 * and the log says what to do; each refusal has its sentence on the log; the PIN is wiped once the
 * card has seen it; the error shown at the next prompt is the last one, and is forgotten after a
 * success or {@code ssh-add -D}; a PC/SC service that goes away is said once, and its return once.
 */
class JpkiAgentPinPolicyTest {
  private static final byte[] DATA = "session data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY = RsaSshPublicKey.of(TestAgent.identity().authPublicKey()).blob();

  private static final byte[] SELECT_AP =
      java.util.HexFormat.of().parseHex("00A4040C0AD392F000260100000001");

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final ScriptedPins pins = new ScriptedPins();
  private VirtualCard card;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private JpkiAgentBackend backend(PinState pinState, PinSource source) {
    card = VirtualCard.create(TestAgent.identity(), pinState);
    toClose.add(card);
    CardWorker worker =
        new CardWorker(new SwappableSource(card), ReadMode.SHORT, log::add, Duration.ofSeconds(20));
    toClose.add(worker);
    return new JpkiAgentBackend(worker, source, false, log::add, log::add);
  }

  private boolean logged(String part) {
    return log.stream().anyMatch(l -> l.contains(part));
  }

  @Test
  void theLastTryIsNeverAskedForAndTheLogSaysHowToProceed() {
    JpkiAgentBackend backend = backend(PinState.defaults().withAuthTriesLeft(1), pins);
    AgentRefusedException e =
        assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertEquals("only 1 try of the auth PIN is left", e.getMessage());
    assertEquals(0, pins.requests.size(), "asked for the last try");
    assertEquals(1, card.pinState().authTriesLeft());
    assertTrue(logged("jpki pin verify auth --allow-last-try"), log::toString);
  }

  @Test
  void aBlockedPinIsNeverAskedForAndTheLogSaysWhereToGo() {
    JpkiAgentBackend backend = backend(PinState.defaults().withAuthTriesLeft(0), pins);
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertEquals(0, pins.requests.size());
    assertTrue(logged("municipal office"), log::toString);
  }

  @Test
  void aCancelledPromptAndAFailedPromptAreLoggedApart() {
    JpkiAgentBackend cancelled =
        backend(
            PinState.defaults(),
            request -> {
              throw new PinEntryException("PIN entry cancelled (pinentry)", true);
            });
    assertThrows(AgentRefusedException.class, () -> cancelled.sign(KEY, DATA, 4));
    assertTrue(logged("PIN entry cancelled; the request was refused"), log::toString);
    log.clear();
    JpkiAgentBackend broken =
        backend(
            PinState.defaults(),
            request -> {
              throw new PinEntryException("pinentry program x could not be started: no such file");
            });
    assertThrows(AgentRefusedException.class, () -> broken.sign(KEY, DATA, 4));
    assertTrue(
        logged("could not ask for the PIN: pinentry program x could not be started"),
        log::toString);
    assertTrue(log.stream().noneMatch(l -> l.contains("cancelled")), log::toString);
  }

  @Test
  void wrongAndMalformedPinsAreLoggedAndTheNextPromptSaysWhy() throws Exception {
    JpkiAgentBackend backend = backend(PinState.defaults(), pins);
    pins.answer = "0000";
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertTrue(logged("wrong auth PIN: 2 tries left; the request was refused"), log::toString);
    pins.answer = "12x";
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertEquals("Wrong PIN: 2 tries left", pins.last().error());
    assertTrue(logged("the auth PIN is exactly 4 digits"), log::toString);
    pins.answer = PinState.DEFAULT_AUTH_PIN;
    backend.sign(KEY, DATA, 4);
    // the malformed entry's message, as a sentence
    assertTrue(
        pins.last().error().startsWith("The auth PIN is exactly 4 digits"), pins.last().error());
  }

  @Test
  void thePinIsWipedOnceTheCardHasSeenIt() throws Exception {
    List<char[]> given = new ArrayList<>();
    JpkiAgentBackend backend =
        backend(
            PinState.defaults(),
            request -> {
              char[] pin = PinState.DEFAULT_AUTH_PIN.toCharArray();
              given.add(pin);
              return pin;
            });
    backend.sign(KEY, DATA, 4);
    assertEquals(1, given.size());
    assertEquals("\0\0\0\0", new String(given.get(0)));
  }

  @Test
  void aPassphraseTheAgentRefusesIsWipedAnyway() {
    JpkiAgentBackend backend = backend(PinState.defaults(), pins);
    byte[] lock = "secret".getBytes(StandardCharsets.US_ASCII);
    byte[] unlock = "secret".getBytes(StandardCharsets.US_ASCII);
    assertThrows(AgentRefusedException.class, () -> backend.lock(lock));
    assertThrows(AgentRefusedException.class, () -> backend.unlock(unlock));
    assertEquals("\0\0\0\0\0\0", new String(lock, StandardCharsets.US_ASCII));
    assertEquals("\0\0\0\0\0\0", new String(unlock, StandardCharsets.US_ASCII));
  }

  @Test
  void theLastErrorIsForgottenAfterASuccessAndAfterRemoveAll() throws Exception {
    JpkiAgentBackend backend = backend(PinState.defaults(), pins);
    pins.answer = "0000";
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    pins.answer = PinState.DEFAULT_AUTH_PIN;
    backend.sign(KEY, DATA, 4); // shows "Wrong PIN", then succeeds
    card.reset(); // another program resets the card: the agent asks again
    backend.sign(KEY, DATA, 4);
    assertEquals(3, pins.requests.size());
    assertNull(pins.last().error(), "an error from before a success was shown again");

    card.reset();
    pins.answer = "0000";
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    backend.removeAll(); // ssh-add -D
    pins.answer = PinState.DEFAULT_AUTH_PIN;
    backend.sign(KEY, DATA, 4);
    assertNull(pins.last().error(), "ssh-add -D must forget the last error too");
  }

  @Test
  void aCardThatLostTheVerifiedStateIsAskedOnceAndSaidSoOnce() throws Exception {
    // a card that forgets the PIN when another program re-selects the AP, without a reset
    card =
        VirtualCard.create(
            TestAgent.identity(),
            PinState.defaults(),
            CardProfile.parse("contact-2024,reselect-clears-pin"));
    toClose.add(card);
    CardWorker worker =
        new CardWorker(new SwappableSource(card), ReadMode.SHORT, log::add, Duration.ofSeconds(20));
    toClose.add(worker);
    JpkiAgentBackend backend = new JpkiAgentBackend(worker, pins, false, log::add, log::add);
    backend.sign(KEY, DATA, 4);
    card.transmit(SELECT_AP); // the other program
    pins.cancel = true;
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    pins.cancel = false;
    backend.sign(KEY, DATA, 4); // asked again, without trying the card first
    assertEquals(3, pins.requests.size());
    assertEquals(
        1,
        log.stream().filter(l -> l.contains("no longer has the auth PIN verified")).count(),
        log::toString);
  }

  @Test
  void aCardPulledOutBeforeSigningIsLoggedAsAFailedSignature() {
    JpkiAgentBackend backend = backend(PinState.defaults(), pins);
    card.removeCard();
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertTrue(logged("signing failed: "), log::toString);
  }

  // A card source over the simulated card that fails like a stopped pcscd while `down` is set.
  private JpkiAgentBackend backendOverPcsc(AtomicBoolean down, ConcurrentLinkedQueue<String> warn) {
    card = VirtualCard.create(TestAgent.identity(), PinState.defaults());
    toClose.add(card);
    SwappableSource reader = new SwappableSource(card);
    CardSource pcsc =
        new CardSource() {
          @Override
          public ApduTransport connect() throws IOException {
            if (down.get()) {
              throw new PcscUnavailableException(PCSC_GONE, null);
            }
            return reader.connect();
          }

          @Override
          public void release(ApduTransport transport, boolean reset) {
            reader.release(transport, reset);
          }
        };
    CardWorker worker = new CardWorker(pcsc, ReadMode.SHORT, log::add, Duration.ofSeconds(20));
    toClose.add(worker);
    return new JpkiAgentBackend(worker, pins, false, warn::add, log::add);
  }

  private static final String PCSC_GONE = "the PC/SC service is not running";
  private static final List<String> GONE_AND_BACK =
      List.of(
          PCSC_GONE + ": waiting for the PC/SC service to come back (the agent needs no restart)",
          "the PC/SC service is back: the card is served again");

  @Test
  void aLostPcscServiceIsSaidOnceAndItsReturnOnceWhenASignatureSeesIt() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> warn = new ConcurrentLinkedQueue<>();
    JpkiAgentBackend backend = backendOverPcsc(down, warn);
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertEquals(List.of(), backend.identities());
    assertThrows(AgentRefusedException.class, () -> backend.sign(KEY, DATA, 4));
    assertEquals(GONE_AND_BACK.subList(0, 1), List.copyOf(warn), "said once, no failed signature");
    assertEquals(0, pins.requests.size(), "asked for a PIN without a card");
    down.set(false);
    backend.sign(KEY, DATA, 4);
    backend.sign(KEY, DATA, 4);
    assertEquals(GONE_AND_BACK, List.copyOf(warn));
    assertEquals(3, card.pinState().authTriesLeft());
  }

  @Test
  void aLostPcscServiceIsSaidOnceAndItsReturnOnceWhenAListingSeesIt() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> warn = new ConcurrentLinkedQueue<>();
    JpkiAgentBackend backend = backendOverPcsc(down, warn);
    assertEquals(List.of(), backend.identities());
    assertEquals(List.of(), backend.identities());
    assertTrue(logged("no key to offer: " + PCSC_GONE), log::toString);
    down.set(false);
    assertEquals(1, backend.identities().size());
    assertEquals(1, backend.identities().size());
    assertEquals(GONE_AND_BACK, List.copyOf(warn));
  }
}
