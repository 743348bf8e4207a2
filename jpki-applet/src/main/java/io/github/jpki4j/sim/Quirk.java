package io.github.jpki4j.sim;

/**
 * Behaviours some real cards have and others not (docs/card-protocol.md §10, §11), switched on one
 * by one in a {@link CardProfile}. Those JavaCard can express are applet options set at
 * personalization; the others live in the simulator's host layer ({@link SimulatedChip}).
 */
public enum Quirk {
  /** The first APDU after power-up or reset is answered {@code 6F00}. Host layer. */
  FIRST_6F00(
      "first-6f00",
      "the first APDU after power-up or reset is answered 6F00",
      "soltia48/myna-card src/transport/pcsc.rs"),
  /** An empty VERIFY answers {@code 9000} while the PIN is verified. Applet option. */
  VERIFIED_9000(
      "verified-9000",
      "an empty VERIFY answers 9000 while the PIN is verified",
      "soltia48/myna-card src/card.rs Retries::NotReported (\"some cards\")"),
  /** The verified state survives a warm reset; only power-off clears it. Host layer. */
  RESET_KEEPS_PIN(
      "reset-keeps-pin",
      "the verified state survives a warm reset (only power-off" + " clears it)",
      "soltia48/myna-card src/transport/pcsc.rs power_cycle"),
  /** A re-SELECT of the JPKI AP clears the verified state. Applet option. */
  RESELECT_CLEARS_PIN(
      "reselect-clears-pin",
      "a re-SELECT of the JPKI AP clears the verified" + " state",
      "OpenSC src/libopensc/card-jpki.c jpki_logout"),
  /** A blocked PIN answers {@code 6984} to the empty VERIFY too. Applet option. */
  BLOCKED_6984(
      "blocked-6984",
      "a blocked PIN answers 6984 to the empty VERIFY too (not 63C0)",
      "jpki/myna and soltia48 (6984 for VERIFY with data); the empty VERIFY is unknown"),
  /**
   * No signature certificate (a holder under 15): SELECT of EF 0001 answers {@code 6A82}, EF 0008
   * says so. Personalization.
   */
  NO_SIGN_CERT(
      "no-sign-cert",
      "no signature certificate: SELECT of EF 0001 answers 6A82 (a holder under 15)",
      "soltia48/myna-card src/ap/jpki.rs (EF 0008, CertificateAvailability)"),
  /** No signature key: SELECT of IEF 001A answers {@code 6A82}. Personalization. */
  NO_SIGN_KEY(
      "no-sign-key",
      "no signature key: SELECT of IEF 001A answers 6A82 (a holder under 15)",
      "soltia48/myna-card src/ap/jpki.rs (under 15: no signature key pair); 6A82 for a missing"
          + " file as OpenSC reads it (card-protocol.md §6)"),
  /** No signature PIN: SELECT of IEF 001B answers {@code 6A82}. Personalization. */
  NO_SIGN_PIN(
      "no-sign-pin",
      "no signature PIN: SELECT of IEF 001B answers 6A82, VERIFY naming it 6A88",
      "inference (card-protocol.md §6, §11): no source says whether an under-15 card keeps IEF 001B;"
          + " 6A82/6A88 are ISO/IEC 7816-4's answers for a missing file or reference"),
  /**
   * A signature PIN without reference data: IEF 001B can be selected, VERIFY (also the empty one)
   * answers {@code 6A88}. Applet option and personalization.
   */
  SIGN_PIN_6A88(
      "sign-pin-6a88",
      "the signature PIN IEF is there but holds no PIN: its counter (empty VERIFY) answers 6A88",
      "inference (card-protocol.md §11): ISO/IEC 7816-4 6A88 \"referenced data not found\"; the"
          + " other possible answer for an under-15 card's PIN, besides no-sign-pin"),
  /** No signature CA certificate: SELECT of EF 0002 answers {@code 6A82}. Personalization. */
  NO_SIGN_CA(
      "no-sign-ca",
      "no signature CA certificate: SELECT of EF 0002 answers 6A82",
      "inference (card-protocol.md §11): whether an under-15 card keeps EF 0002 is not recorded"),
  /** Filler bytes after the DER object in each certificate EF. Personalization. */
  EF_FILLER(
      "ef-filler",
      "filler bytes (FF) after the DER object in each certificate EF",
      "soltia48/myna-card (券面入力補助AP EF 0003)");

  private final String id;
  private final String description;
  private final String source;

  Quirk(String id, String description, String source) {
    this.id = id;
    this.description = description;
    this.source = source;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public String source() {
    return source;
  }

  /** Whether this quirk leaves out a part of the signature side (key, PIN or certificates). */
  public boolean removesSignaturePart() {
    return this == NO_SIGN_CERT
        || this == NO_SIGN_KEY
        || this == NO_SIGN_PIN
        || this == SIGN_PIN_6A88
        || this == NO_SIGN_CA;
  }
}
