package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.TransportException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cards present in the PC/SC readers, each named by its auth key's SSH fingerprint (what {@code
 * ssh-keygen -l} prints for the key {@code jpki ssh-key} exports: the card's name for the user),
 * and the rules for choosing one of them. Identifying a card costs no PIN: it reads the auth
 * certificate, which is public. The wording of every refusal is here.
 */
public final class PresentCards {
  /** How to choose, in every refusal that lists several cards. */
  static final String HOW_TO_CHOOSE =
      "choose one with --card FINGERPRINT or --reader NAME (or JPKI_CARD, JPKI_READER)";

  private PresentCards() {}

  /**
   * The card's name: the SHA-256 fingerprint of its auth key as {@code ssh-keygen -l} prints it.
   */
  public static String fingerprint(JpkiCard card) throws CardCommandException, TransportException {
    return fingerprint(card.publicKey(JpkiKey.AUTH));
  }

  /**
   * {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's SSH blob (RFC 4253 §6.6:
   * string "ssh-rsa", mpint e, mpint n), as {@code ssh-keygen -l} prints it. Computed here because
   * the driver depends on the JDK alone; ssh-format's {@code RsaSshPublicKey.fingerprintSha256()}
   * gives the same (tested).
   */
  public static String fingerprint(RSAPublicKey key) {
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    for (byte[] field :
        new byte[][] {
          "ssh-rsa".getBytes(StandardCharsets.US_ASCII),
          key.getPublicExponent().toByteArray(),
          key.getModulus().toByteArray()
        }) {
      blob.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
      blob.writeBytes(field);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob.toByteArray());
      return CardSelector.Fingerprint.SCHEME
          + Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /**
   * Connects to the card in each reader that has one, in the readers' order, and reads its auth
   * key; leaves each card powered and its PINs as they were.
   *
   * @throws TransportException if the readers cannot be listed
   */
  public static List<PresentCard> identify(CardReaders readers, ReadMode mode)
      throws TransportException {
    List<PresentCard> cards = new ArrayList<>();
    for (CardReaders.Reader r : readers.list()) {
      if (r.cardPresent()) {
        cards.add(identify(r, mode));
      }
    }
    return cards;
  }

  /** Identifies the card in one reader; a card that cannot be read says why. */
  public static PresentCard identify(CardReaders.Reader reader, ReadMode mode) {
    try (JpkiCard card = JpkiCard.open(CardReaders.connect(reader, Duration.ZERO), mode)) {
      return new PresentCard(reader, fingerprint(card), null);
    } catch (NotJpkiCardException e) {
      return new PresentCard(reader, null, "not a My Number Card");
    } catch (CardCommandException | TransportException | RuntimeException e) {
      return new PresentCard(reader, null, "not readable: " + e.getMessage());
    }
  }

  /**
   * The card {@code wanted} names among {@code cards}.
   *
   * @throws CardChoiceException if it names none of them, or several
   */
  public static PresentCard choose(List<PresentCard> cards, CardSelector.Fingerprint wanted)
      throws CardChoiceException {
    List<PresentCard> matching =
        cards.stream().filter(c -> wanted.matches(c.fingerprint())).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.isEmpty()) {
      throw new CardChoiceException(
          "no card present has the fingerprint "
              + wanted
              + (cards.isEmpty() ? " (no reader holds a card)" : " (" + list(cards) + ")"));
    }
    throw new CardChoiceException(
        wanted + " matches several cards (" + list(matching) + "): give more of the fingerprint");
  }

  /**
   * The reader to use when no card was named: the first with a card, as always, when at most one
   * reader has a card or only one of the cards is a My Number Card.
   *
   * @throws CardChoiceException if several My Number Cards are present
   * @throws TransportException as {@link CardReaders#choose} throws
   */
  public static CardReaders.Reader chooseUnnamed(CardReaders readers, ReadMode mode)
      throws TransportException {
    long withCard = readers.list().stream().filter(CardReaders.Reader::cardPresent).count();
    if (withCard <= 1) {
      return readers.choose(null);
    }
    List<PresentCard> cards = identify(readers, mode);
    List<PresentCard> myNumberCards = cards.stream().filter(PresentCard::identified).toList();
    if (myNumberCards.size() == 1) {
      return myNumberCards.get(0).reader();
    }
    if (myNumberCards.isEmpty()) {
      return readers.choose(null);
    }
    throw severalCards(myNumberCards);
  }

  /** The refusal when several My Number Cards are present and none was chosen. */
  public static CardChoiceException severalCards(List<PresentCard> cards) {
    return new CardChoiceException(
        cards.size() + " My Number Cards are present (" + list(cards) + "): " + HOW_TO_CHOOSE);
  }

  private static String list(List<PresentCard> cards) {
    return cards.stream().map(PresentCard::describe).collect(Collectors.joining(", "));
  }
}
