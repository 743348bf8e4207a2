package io.github.jpki4j.applet;

/**
 * Wire constants of the JPKI AP, with the section of {@code docs/card-protocol.md} that gives each.
 * They are copied here on purpose: the applet must not depend on host code (the {@code apdu} module
 * has its own copy), so that this package alone can become a CAP file.
 *
 * <p>JavaCard 3.0.x classic API only: no {@code String}, no {@code int} fields.
 */
public final class JpkiConstants {
  private JpkiConstants() {}

  /** §1.1: the AID of the JPKI AP (公的個人認証AP). Never handed out: see {@link #aid()}. */
  static final byte[] AID = {
    (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
  };

  // §2: file identifiers. All JPKI FIDs are 00xx; the applet keeps only the low byte.
  /**
   * Signature certificate; READ BINARY needs the signature PIN (§2, §10.5). Absent, with the
   * signature key {@link #EF_SIGN_KEY}, on the card of a holder under 15 (§11).
   */
  public static final short EF_SIGN_CERT = 0x0001;

  /** Signature CA certificate. */
  public static final short EF_SIGN_CA_CERT = 0x0002;

  /** Token information, 160 bytes; the first 32 are the label, space padded. */
  public static final short EF_TOKEN_INFO = 0x0006;

  /** Which certificates are present: {@code 8F 8F 00}. */
  public static final short EF_CERT_PRESENCE = 0x0008;

  /** User-authentication certificate. */
  public static final short EF_AUTH_CERT = 0x000A;

  /** Authentication CA certificate. */
  public static final short EF_AUTH_CA_CERT = 0x000B;

  /** Authentication private key IEF (used by COMPUTE DIGITAL SIGNATURE). */
  public static final short EF_AUTH_KEY = 0x0017;

  /** Authentication PIN IEF (VERIFY target), 3 tries. */
  public static final short EF_AUTH_PIN = 0x0018;

  /** Signature private key IEF; absent with {@link #EF_SIGN_CERT} on a card without one (§11). */
  public static final short EF_SIGN_KEY = 0x001A;

  /** Signature PIN IEF, 5 tries. */
  public static final short EF_SIGN_PIN = 0x001B;

  /** Longest PIN the applet stores (§4: the signature password has 6–16 characters). */
  public static final byte PIN_MAX_LENGTH = 16;

  // §0 quick reference: instructions (CLA 00 unless noted).
  public static final byte INS_SELECT = (byte) 0xA4;
  public static final byte INS_READ_BINARY = (byte) 0xB0;
  public static final byte INS_VERIFY = 0x20;

  /** §5: COMPUTE DIGITAL SIGNATURE, CLA 80. */
  public static final byte INS_COMPUTE_DIGITAL_SIGNATURE = 0x2A;

  /**
   * §6: GET CHALLENGE {@code 00 84 00 00 Le}, short Le 1..256: that many random bytes; an extended
   * Le answers {@code 6985} (soltia48's probe of the real card).
   */
  public static final byte INS_GET_CHALLENGE = (byte) 0x84;

  /** ISO MANAGE CHANNEL: logical channels are not supported. */
  public static final byte INS_MANAGE_CHANNEL = 0x70;

  /** §5: the RSA key length in bytes (RSA-2048) and the longest input (k − 11). */
  public static final short RSA_BYTES = 256;

  public static final short SIGN_MAX_INPUT = 245;

  // Personalization (proprietary, CLA 80; not on the real card). Refused with 6D00 after LOCK.
  // INS B8 is avoided: jcardsim's card manager takes 80 B8 as "install applet".
  /** {@code 80 E0 00 00 04 <fid:2> <size:2>}: create (or re-create) a transparent EF. */
  public static final byte INS_PERSO_CREATE_EF = (byte) 0xE0;

  /** {@code 80 E2 <offset:P1P2> Lc <fid:2> <data>}: write into a transparent EF at an offset. */
  public static final byte INS_PERSO_WRITE_EF = (byte) 0xE2;

  /** {@code 80 E4 <key 17|1A> <part 1..5> 80 <128 bytes>}: P, Q, DP, DQ, QInv of a key. */
  public static final byte INS_PERSO_PUT_KEY = (byte) 0xE4;

  /** {@code 80 E6 <pin 18|1B> 00 Lc <maxTries> <triesLeft> <PIN 1..16 bytes>}. */
  public static final byte INS_PERSO_SET_PIN = (byte) 0xE6;

  /**
   * {@code 80 E8 00 00}: check completeness and lock personalization forever. The signature
   * certificate EF 0001 and the signature key 001A may both be left out (a holder under 15, §11),
   * but not just one of them.
   */
  public static final byte INS_PERSO_LOCK = (byte) 0xE8;

  /**
   * {@code 80 EA <options> 00}, no data: the real-card variants (§10, §11) this card shows, a bit
   * mask of the {@code OPTION_} constants; sent again, the last one wins. Not sent: none. Unknown
   * bits or P2 ≠ 00: {@code 6A86}; a data field: {@code 6700}.
   */
  public static final byte INS_PERSO_SET_OPTIONS = (byte) 0xEA;

  // Options of INS_PERSO_SET_OPTIONS (P1). Each is a behaviour some source reports or assumes of
  // real cards; without it the applet does what OpenSC needs (§4).
  /**
   * §4, §10.4: the empty VERIFY ({@code 00 20 00 80}) on a PIN verified in this session answers
   * {@code 9000} instead of {@code 63Cx} (soltia48: "some cards"; breaks OpenSC's bind).
   */
  public static final byte OPTION_VERIFIED_ANSWERS_9000 = 0x01;

  /** §4, §10.3: the empty VERIFY on a blocked PIN answers {@code 6984} instead of {@code 63C0}. */
  public static final byte OPTION_BLOCKED_ANSWERS_6984 = 0x02;

  /**
   * §4, §10.6: selecting the JPKI AP (also a re-SELECT while it is selected) clears both verified
   * states, as OpenSC's {@code jpki_logout} assumes.
   */
  public static final byte OPTION_RESELECT_CLEARS_VERIFIED = 0x04;

  /**
   * §11: a PIN IEF that personalization left without reference data can still be selected, and
   * VERIFY on it (empty or not) answers {@code 6A88}; without this option its SELECT answers {@code
   * 6A82}. Which one a card of a holder under 15 gives for its signature PIN is not known.
   */
  public static final byte OPTION_UNSET_PIN_SELECTABLE = 0x08;

  public static final byte KEY_PART_P = 1;
  public static final byte KEY_PART_Q = 2;
  public static final byte KEY_PART_DP = 3;
  public static final byte KEY_PART_DQ = 4;
  public static final byte KEY_PART_QINV = 5;

  /** Each CRT part of an RSA-2048 key, left padded with zeros. */
  public static final short KEY_PART_BYTES = 128;

  // Status words the applet answers beyond javacard.framework.ISO7816 (§6).
  /** 63C0 | tries left (§4). */
  public static final short SW_VERIFY_FAILED = 0x63C0;

  /**
   * §4: any VERIFY with data once the PIN is blocked ("referenced IEF locked"); the empty VERIFY
   * too with {@link #OPTION_BLOCKED_ANSWERS_6984}.
   */
  public static final short SW_PIN_BLOCKED = 0x6984;

  public static final short SW_LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881;
  public static final short SW_SECURE_MESSAGING_NOT_SUPPORTED = 0x6882;
  public static final short SW_REFERENCED_DATA_NOT_FOUND = 0x6A88;

  /** READ BINARY on a key or PIN IEF (ISO 7816-4: command incompatible with file structure). */
  public static final short SW_INCOMPATIBLE_FILE_STRUCTURE = 0x6981;

  /**
   * A copy of the JPKI AID (§1.1), for host code. Not used on the card.
   *
   * @return a new array
   */
  public static byte[] aid() {
    byte[] copy = new byte[AID.length];
    for (short i = 0; i < AID.length; i++) {
      copy[i] = AID[i];
    }
    return copy;
  }
}
