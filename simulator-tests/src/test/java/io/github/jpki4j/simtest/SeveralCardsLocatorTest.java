package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.PcscReaders;
import io.github.jpki4j.jpki.CardChoiceException;
import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.PresentCard;
import io.github.jpki4j.jpki.PresentCards;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's one locator with two simulated cards of two persons in two readers, in process
 * (through a {@link PcscReaders} that lists the two virtual readers): a fingerprint names a card,
 * no choice with two My Number Cards present is refused, one card left is taken as always.
 */
class SeveralCardsLocatorTest {
  private VirtualCard alice;
  private VirtualCard bob;
  private PcscReaders readers;

  @BeforeEach
  void twoReaders() {
    alice = VirtualCard.create(TestIdentity.generate(TestIdentity.DEFAULT_SEED));
    bob = VirtualCard.create(TestIdentity.generate(TestIdentity.DEFAULT_SEED + 1));
    CardTerminals terminals =
        new Terminals(List.of(named("Reader A", alice), named("Reader B", bob)));
    readers = (apart, choice) -> choice.from(CardReaders.of(terminals));
  }

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  private static String fingerprint(VirtualCard card) throws Exception {
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(card.identity().authCertificateDer()));
    return RsaSshPublicKey.of((RSAPublicKey) cert.getPublicKey()).fingerprintSha256();
  }

  private CardLocator locator(String reader, String card) {
    return new CardLocator(
        CardSettings.resolve(new CardSettings.Layer(null, reader, card, null), props(), Map.of()),
        readers);
  }

  private static Properties props() {
    Properties p = new Properties();
    p.setProperty("user.home", Path.of("home").toAbsolutePath().toString());
    p.setProperty("os.name", "Linux");
    return p;
  }

  /** The auth key of the card the locator connects to. */
  private static String connectedKey(CardLocator locator) throws Exception {
    try (CardLocator.Connection c = locator.connect(Duration.ZERO);
        JpkiCard card = JpkiCard.open(c.transport())) {
      return RsaSshPublicKey.of(card.publicKey(JpkiKey.AUTH)).fingerprintSha256();
    }
  }

  @Test
  void identifiesEachCardWithoutAPin() throws Exception {
    List<List<PresentCard>> found = new ArrayList<>();
    readers.choose(
        false,
        r -> {
          found.add(PresentCards.identify(r, ReadMode.SHORT));
          return null;
        });
    List<PresentCard> cards = found.get(0);
    assertEquals(2, cards.size());
    assertEquals("reader 'Reader A': " + fingerprint(alice), cards.get(0).describe());
    assertEquals("reader 'Reader B': " + fingerprint(bob), cards.get(1).describe());
    assertEquals(3, alice.pinState().authTriesLeft(), "no PIN was tried");
    assertEquals(5, bob.pinState().signTriesLeft(), "no PIN was tried");
  }

  @Test
  void aFingerprintPrefixNamesTheCard() throws Exception {
    String bobs = fingerprint(bob);
    assertEquals(bobs, connectedKey(locator(null, bobs.substring(0, 14))));
    assertEquals(fingerprint(alice), connectedKey(locator(null, fingerprint(alice))));
  }

  @Test
  void twoCardsAndNoChoiceIsRefused() throws Exception {
    CardChoiceException e =
        assertThrows(CardChoiceException.class, () -> connectedKey(locator(null, null)));
    assertEquals(
        "2 My Number Cards are present (reader 'Reader A': "
            + fingerprint(alice)
            + ", reader 'Reader B': "
            + fingerprint(bob)
            + "): choose one with --card FINGERPRINT or --reader NAME (or JPKI_CARD,"
            + " JPKI_READER)",
        e.getMessage());
  }

  @Test
  void oneCardLeftIsTakenAsAlways() throws Exception {
    alice.removeCard();
    assertEquals(fingerprint(bob), connectedKey(locator(null, null)));
    assertEquals(fingerprint(bob), connectedKey(locator("Reader B", null)));
  }

  private static CardTerminal named(String name, VirtualCard card) {
    CardTerminal t = card.terminal();
    return new CardTerminal() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public Card connect(String protocol) throws CardException {
        return t.connect(protocol);
      }

      @Override
      public boolean isCardPresent() throws CardException {
        return t.isCardPresent();
      }

      @Override
      public boolean waitForCardPresent(long timeout) throws CardException {
        return t.waitForCardPresent(timeout);
      }

      @Override
      public boolean waitForCardAbsent(long timeout) throws CardException {
        return t.waitForCardAbsent(timeout);
      }
    };
  }

  /** The two readers, always listed (states are not needed here). */
  private static final class Terminals extends CardTerminals {
    private final List<CardTerminal> all;

    Terminals(List<CardTerminal> all) {
      this.all = all;
    }

    @Override
    public List<CardTerminal> list(State state) {
      return all;
    }

    @Override
    public boolean waitForChange(long timeout) {
      return false;
    }
  }
}
