package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jpki4j.apdu.CardReaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing among the cards present by fingerprint, and the one-sentence refusals. */
class PresentCardsTest {
  private static final PresentCard ALICE =
      card(0, "Reader A", "SHA256:AbcDEF0123456789abcdef0123456789ABCDEF01234");
  private static final PresentCard BOB =
      card(1, "Reader B", "SHA256:AbXyz0123456789abcdef0123456789ABCDEF01234");
  private static final PresentCard BANK =
      new PresentCard(
          new CardReaders.Reader(2, "Reader C", true, null), null, "not a My Number Card");

  private static PresentCard card(int index, String reader, String fingerprint) {
    return new PresentCard(new CardReaders.Reader(index, reader, true, null), fingerprint, null);
  }

  @Test
  void aUniquePrefixWithOrWithoutTheScheme() throws Exception {
    List<PresentCard> cards = List.of(ALICE, BOB, BANK);
    assertSame(ALICE, PresentCards.choose(cards, new CardSelector.Fingerprint("Abc")));
    assertSame(BOB, PresentCards.choose(cards, new CardSelector.Fingerprint("SHA256:AbX")));
    assertSame(BOB, PresentCards.choose(cards, new CardSelector.Fingerprint(BOB.fingerprint())));
  }

  @Test
  void aPrefixOfTwoCardsIsRefusedListingThem() {
    CardChoiceException e =
        assertThrows(
            CardChoiceException.class,
            () ->
                PresentCards.choose(List.of(ALICE, BOB, BANK), new CardSelector.Fingerprint("Ab")));
    assertEquals(
        "SHA256:Ab matches several cards (reader 'Reader A': "
            + ALICE.fingerprint()
            + ", reader 'Reader B': "
            + BOB.fingerprint()
            + "): give more of the fingerprint",
        e.getMessage());
  }

  @Test
  void aPrefixOfNoCardIsRefusedListingTheCardsPresent() {
    CardChoiceException e =
        assertThrows(
            CardChoiceException.class,
            () -> PresentCards.choose(List.of(ALICE, BANK), new CardSelector.Fingerprint("zz")));
    assertEquals(
        "no card present has the fingerprint SHA256:zz (reader 'Reader A': "
            + ALICE.fingerprint()
            + ", reader 'Reader C': not a My Number Card)",
        e.getMessage());
    assertEquals(
        "no card present has the fingerprint SHA256:zz (no reader holds a card)",
        assertThrows(
                CardChoiceException.class,
                () -> PresentCards.choose(List.of(), new CardSelector.Fingerprint("zz")))
            .getMessage());
  }

  @Test
  void severalCardsSayHowToChoose() {
    assertEquals(
        "2 My Number Cards are present (reader 'Reader A': "
            + ALICE.fingerprint()
            + ", reader 'Reader B': "
            + BOB.fingerprint()
            + "): choose one with --card FINGERPRINT or --reader NAME (or JPKI_CARD,"
            + " JPKI_READER)",
        PresentCards.severalCards(List.of(ALICE, BOB)).getMessage());
  }
}
