package io.github.jpki4j.sim;

import java.util.HexFormat;

/**
 * The kinds of My Number Card the simulator can be, each with a real ATR from the public record
 * (docs/card-profiles.md, docs/card-protocol.md §1.3) and the latency of its interface.
 */
public enum CardKind {
  /** The 2024 contact card: T=1, TA1=13, compact-TLV capabilities declaring extended Lc/Le. */
  CONTACT_2024(
      "contact-2024",
      "3BDA13FF8131FB468012392F31C173C601C03B",
      "contact card, 2024 ATR (declares extended length)",
      "OpenSC win32/customactions.cpp \"JPKI (02)\"; OpenSC issue #3021; pcsc-tools",
      LatencyModel.contact(372, 4)),
  /** A contact card whose capabilities declare no extended length (no TA1: default rate). */
  CONTACT_NOEXT(
      "contact-noext",
      "3BC5FF8131FB458073C6010000",
      "contact card, ATR without extended length",
      "OpenSC win32/customactions.cpp \"JPKI (03)\"; pcsc-tools",
      LatencyModel.contact(372, 1)),
  /** OpenSC's only built-in JPKI ATR: no historical bytes (pcsc-tools calls it JUKICARD). */
  OPENSC_ATR(
      "opensc-atr",
      "3BE000FF8131FE4514",
      "OpenSC's built-in JPKI ATR (no historical bytes)",
      "OpenSC src/libopensc/card-jpki.c jpki_atrs; pcsc-tools \"JUKICARD\"",
      LatencyModel.contact(372, 1)),
  /** The card on a contactless reader: the ATR PC/SC builds from an ISO 14443-4 Type B ATQB. */
  CONTACTLESS(
      "contactless",
      "3B888001000005E0B381A1007F",
      "card on a contactless reader (PC/SC-built ATR, ISO 14443-4 Type B)",
      "OpenSC win32/customactions.cpp \"JPKI (06)\"; pcsc-tools; PC/SC part 3",
      LatencyModel.contactless106());

  private final String id;
  private final String atrHex;
  private final String description;
  private final String source;

  // ImmutableEnumChecker: LatencyModel is a record of two doubles, immutable; it is not annotated
  // @Immutable only because the module does not depend on Error Prone's annotations
  @SuppressWarnings("ImmutableEnumChecker")
  private final LatencyModel latency;

  CardKind(String id, String atrHex, String description, String source, LatencyModel latency) {
    this.id = id;
    this.atrHex = atrHex;
    this.description = description;
    this.source = source;
    this.latency = latency;
  }

  /** The name in a profile spec, e.g. {@code contact-2024}. */
  public String id() {
    return id;
  }

  /** A fresh copy of the ATR. */
  public byte[] atr() {
    return HexFormat.of().parseHex(atrHex);
  }

  /** The ATR as upper-case hex. */
  public String atrHex() {
    return atrHex;
  }

  public String description() {
    return description;
  }

  /** Where the ATR comes from. */
  public String source() {
    return source;
  }

  /** The modelled latency of this card's interface. */
  public LatencyModel latency() {
    return latency;
  }
}
