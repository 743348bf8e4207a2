package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Profile specs as people write them, and the latency model's numbers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CardProfileTest {
  @Test
  void aSpecNamesACardKindAReaderKindAndQuirksInAnyOrder() {
    CardProfile p = CardProfile.parse(" First-6F00 , reader-short,contact-noext");
    assertEquals(CardKind.CONTACT_NOEXT, p.card());
    assertEquals(ReaderKind.SHORT_ONLY, p.reader());
    assertEquals(Set.of(Quirk.FIRST_6F00), p.quirks());
    assertEquals("contact-noext,reader-short,first-6f00", p.toString());
    assertEquals(p, CardProfile.parse(p.toString()));
    assertEquals(CardProfile.DEFAULT, CardProfile.parse("contact-2024"));
    assertEquals(CardProfile.DEFAULT, CardProfile.parse("reader-extended"));
    assertEquals(
        "contact-2024,verified-9000,no-sign-cert",
        CardProfile.parse("no-sign-cert,verified-9000").toString());
  }

  @Test
  void mistakesAreNamedInOneSentence() {
    for (String[] bad :
        new String[][] {
          {"contact-2025", "'contact-2025' is not a card kind, reader kind or quirk"},
          {"contact-2024,contactless", "one card kind"},
          {"reader-short,reader-extended", "one reader kind"},
          {"first-6f00,first-6f00", "named twice"},
          {"contact-2024,", "'' is not"},
          {" ", "a profile names"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CardProfile.parse(bad[0]), bad[0]);
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
  }

  @Test
  void everyProfileIsEachKindAndEachQuirkAloneOnTheDefaultCard() {
    List<CardProfile> each = CardProfile.each();
    assertEquals(
        CardKind.values().length + ReaderKind.values().length - 1 + Quirk.values().length,
        each.size());
    assertEquals(each.size(), new HashSet<>(each).size(), "no profile twice");
    for (Quirk q : Quirk.values()) {
      assertTrue(
          each.contains(new CardProfile(CardKind.CONTACT_2024, ReaderKind.EXTENDED, Set.of(q))),
          q.id());
    }
    assertTrue(each.contains(CardProfile.DEFAULT.in(ReaderKind.SHORT_ONLY)));
  }

  @Test
  void latencyFollowsTheAtrRate() {
    // TA1=13: Fi 372, Di 4 at 4 MHz = 23.25 µs per etu, 11 etu per byte
    LatencyModel contact = CardKind.CONTACT_2024.latency();
    assertEquals(255.75, contact.perByteMicros(), 0.01);
    assertEquals(3000 + 8 * 255.75, contact.perApduMicros(), 0.01);
    // no TA1: the default rate, four times slower per byte
    assertEquals(4 * 255.75, CardKind.CONTACT_NOEXT.latency().perByteMicros(), 0.01);
    assertEquals(CardKind.CONTACT_NOEXT.latency(), CardKind.OPENSC_ATR.latency());
    // ISO 14443 at 106 kbit/s: 11 × 128 / 13.56 MHz
    assertEquals(103.8, CardKind.CONTACTLESS.latency().perByteMicros(), 0.1);
    assertEquals(
        2 * contact.perApduMicros() / 1000 + 10 * contact.perByteMicros() / 1000,
        contact.millis(2, 10),
        1e-9);
  }

  @Test
  void onlyExtendedApdusAreRefusedByAShortOnlyReader() {
    byte[] shortRead = {0x00, (byte) 0xB0, 0x00, 0x00, 0x00};
    byte[] extendedRead = {0x00, (byte) 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00};
    byte[] shortSelect = {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A};
    byte[] verifyHeader = {0x00, 0x20, 0x00, (byte) 0x80};
    assertTrue(ReaderKind.SHORT_ONLY.carries(shortRead));
    assertTrue(ReaderKind.SHORT_ONLY.carries(shortSelect));
    assertTrue(ReaderKind.SHORT_ONLY.carries(verifyHeader));
    assertEquals(false, ReaderKind.SHORT_ONLY.carries(extendedRead));
    assertTrue(ReaderKind.EXTENDED.carries(extendedRead));
  }
}
