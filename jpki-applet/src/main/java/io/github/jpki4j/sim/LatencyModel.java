package io.github.jpki4j.sim;

/**
 * Modelled card time for a count of APDUs and bytes: {@code apdus × perApdu + bytes × perByte},
 * bytes counted both ways with the status words. The parameters and where each comes from are in
 * docs/card-profiles.md; they were written down before any comparison was run. RSA computation on
 * the card is not modelled (no timing of a real card is published, and every client doing one
 * signature pays the same).
 *
 * @param perApduMicros fixed cost of one command-response exchange, framing included
 * @param perByteMicros cost of one byte on the card's interface
 */
public record LatencyModel(double perApduMicros, double perByteMicros) {
  /** A common CCID reader clock (assumption): 4 MHz. */
  static final double CONTACT_CLOCK_HZ = 4_000_000;

  /** T=1 with TC1=FF: 11 etu per character (ISO/IEC 7816-3). */
  static final int ETU_PER_CHARACTER = 11;

  /** T=1 block prologue (3) and LRC (1), for the command block and the response block. */
  static final int FRAMING_BYTES_PER_APDU = 8;

  /** USB CCID command and response bulk transfers plus card turnaround (assumption). */
  static final double CONTACT_ROUND_TRIP_MICROS = 3_000;

  /** ISO/IEC 14443 carrier. */
  static final double CONTACTLESS_CARRIER_HZ = 13_560_000;

  /** Reader and PC/SC round trip of a contactless reader (assumption: "tens of ms"). */
  static final double CONTACTLESS_ROUND_TRIP_MICROS = 20_000;

  /**
   * A contact card at the rate its ATR sets: etu = Fi / (Di × f).
   *
   * @param fi clock rate conversion integer from TA1 (372 when TA1 is absent)
   * @param di baud rate adjustment integer from TA1 (1 when TA1 is absent)
   */
  static LatencyModel contact(int fi, int di) {
    double etuMicros = fi / (di * CONTACT_CLOCK_HZ) * 1e6;
    double perByte = ETU_PER_CHARACTER * etuMicros;
    return new LatencyModel(CONTACT_ROUND_TRIP_MICROS + FRAMING_BYTES_PER_APDU * perByte, perByte);
  }

  /** An ISO/IEC 14443-4 Type B card at 106 kbit/s: etu = 128 / fc. */
  static LatencyModel contactless106() {
    double etuMicros = 128 / CONTACTLESS_CARRIER_HZ * 1e6;
    double perByte = ETU_PER_CHARACTER * etuMicros;
    return new LatencyModel(
        CONTACTLESS_ROUND_TRIP_MICROS + FRAMING_BYTES_PER_APDU * perByte, perByte);
  }

  /** Modelled time, in milliseconds, of {@code apdus} exchanges carrying {@code bytes}. */
  public double millis(long apdus, long bytes) {
    return (apdus * perApduMicros + bytes * perByteMicros) / 1000;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%.2f ms per APDU + %.1f µs per byte",
        perApduMicros / 1000,
        perByteMicros);
  }
}
