package io.github.jpki4j.jpki;

/**
 * How READ BINARY fetches a certificate. Short reads are the default, as in every open client: the
 * risk of extended APDUs lies in the reader and the PC/SC stack, not the card, and the ATR cannot
 * tell what the reader carries (docs/card-protocol.md §3, §11).
 */
public enum ReadMode {
  /** At most 256 bytes per READ BINARY: 256 bytes, then the rest the DER header announces. */
  SHORT,
  /**
   * One extended READ BINARY (Le 65536) for a whole EF, for readers known to carry extended APDUs.
   * Any failure of an extended read falls back to {@link #SHORT} for the session.
   */
  EXTENDED
}
