package io.github.jpki4j.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a simulated card is: one {@link CardKind}, the {@link ReaderKind} it sits in, and any {@link
 * Quirk}s. Written as a spec, {@code NAME[,QUIRK…]}: comma-separated ids in any order, at most one
 * card kind (default {@code contact-2024}) and one reader kind (default {@code reader-extended}),
 * e.g. {@code contact-noext,reader-short,first-6f00}. A persistent card keeps its profile in its
 * directory (see {@link VirtualCard}).
 *
 * @param card the card and its ATR
 * @param reader what the reader carries
 * @param quirks switched-on behaviours
 */
public record CardProfile(CardKind card, ReaderKind reader, Set<Quirk> quirks) {
  /** The 2024 contact card in a reader that carries extended APDUs, no quirks. */
  public static final CardProfile DEFAULT =
      new CardProfile(CardKind.CONTACT_2024, ReaderKind.EXTENDED, Set.of());

  public CardProfile {
    quirks = quirks.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(quirks));
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the element that is wrong
   */
  public static CardProfile parse(String spec) {
    CardKind card = null;
    ReaderKind reader = null;
    EnumSet<Quirk> quirks = EnumSet.noneOf(Quirk.class);
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "a profile names a card kind and quirks, e.g."
              + " contact-2024,first-6f00 (see 'jpki sim profiles')");
    }
    for (String raw : spec.split(",", -1)) {
      String id = raw.strip().toLowerCase(Locale.ROOT);
      CardKind k = find(CardKind.values(), id, CardKind::id);
      ReaderKind r = find(ReaderKind.values(), id, ReaderKind::id);
      Quirk q = find(Quirk.values(), id, Quirk::id);
      if (k != null) {
        if (card != null) {
          throw new IllegalArgumentException(
              "a profile has one card kind, not " + card.id() + " and " + id);
        }
        card = k;
      } else if (r != null) {
        if (reader != null) {
          throw new IllegalArgumentException(
              "a profile has one reader kind, not " + reader.id() + " and " + id);
        }
        reader = r;
      } else if (q != null) {
        if (!quirks.add(q)) {
          throw new IllegalArgumentException("the quirk " + id + " is named twice");
        }
      } else {
        throw new IllegalArgumentException(
            "'"
                + raw.strip()
                + "' is not a card kind, reader kind"
                + " or quirk (see 'jpki sim profiles')");
      }
    }
    return new CardProfile(
        card == null ? CardKind.CONTACT_2024 : card,
        reader == null ? ReaderKind.EXTENDED : reader,
        quirks);
  }

  private interface Id<T> {
    String of(T t);
  }

  private static <T> T find(T[] values, String id, Id<T> idOf) {
    for (T v : values) {
      if (idOf.of(v).equals(id)) {
        return v;
      }
    }
    return null;
  }

  /** Whether a quirk is on. */
  public boolean has(Quirk quirk) {
    return quirks.contains(quirk);
  }

  /** The card's ATR. */
  /**
   * Whether the card has its whole signature side (certificate, CA certificate, key and PIN); a
   * card of a holder under 15 has not.
   */
  public boolean hasSignatureKeyPair() {
    return quirks.stream().noneMatch(Quirk::removesSignaturePart);
  }

  /** Whether personalization sets the signature PIN (its counter exists). */
  public boolean personalizesSignPin() {
    return !has(Quirk.NO_SIGN_PIN) && !has(Quirk.SIGN_PIN_6A88);
  }

  public byte[] atr() {
    return card.atr();
  }

  /** This profile with the card in another reader. */
  public CardProfile in(ReaderKind otherReader) {
    return new CardProfile(card, otherReader, quirks);
  }

  /**
   * "Every profile" as the tests mean it: each card kind in the default reader, the default card in
   * each reader kind, and each quirk alone on the default card — not every combination.
   */
  public static List<CardProfile> each() {
    List<CardProfile> out = new ArrayList<>();
    for (CardKind k : CardKind.values()) {
      out.add(new CardProfile(k, ReaderKind.EXTENDED, Set.of()));
    }
    for (ReaderKind r : ReaderKind.values()) {
      if (r != ReaderKind.EXTENDED) {
        out.add(DEFAULT.in(r));
      }
    }
    for (Quirk q : Quirk.values()) {
      out.add(new CardProfile(CardKind.CONTACT_2024, ReaderKind.EXTENDED, Set.of(q)));
    }
    return out;
  }

  /**
   * The cards without the whole signature side, as the tests mean them: each missing part alone,
   * the card soltia48 describes for a holder under 15 (no certificate, no key), and the card with
   * none of it.
   */
  public static List<CardProfile> eachWithoutSignatureKeyPair() {
    List<CardProfile> out = new ArrayList<>();
    for (Quirk q : Quirk.values()) {
      if (q.removesSignaturePart()) {
        out.add(DEFAULT.with(Set.of(q)));
      }
    }
    out.add(DEFAULT.with(Set.of(Quirk.NO_SIGN_CERT, Quirk.NO_SIGN_KEY)));
    out.add(
        DEFAULT.with(
            Set.of(Quirk.NO_SIGN_CERT, Quirk.NO_SIGN_KEY, Quirk.NO_SIGN_PIN, Quirk.NO_SIGN_CA)));
    out.add(DEFAULT.with(Set.of(Quirk.NO_SIGN_CERT, Quirk.NO_SIGN_KEY, Quirk.SIGN_PIN_6A88)));
    return out;
  }

  private CardProfile with(Set<Quirk> more) {
    EnumSet<Quirk> all = quirks.isEmpty() ? EnumSet.noneOf(Quirk.class) : EnumSet.copyOf(quirks);
    all.addAll(more);
    return new CardProfile(card, reader, all);
  }

  /** The canonical spec: card kind, then the reader kind if not the default, then the quirks. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(card.id());
    if (reader != ReaderKind.EXTENDED) {
      s.append(',').append(reader.id());
    }
    for (Quirk q : quirks) {
      s.append(',').append(q.id());
    }
    return s.toString();
  }
}
