package io.github.jpki4j.sim;

/**
 * The kinds of reader the simulated card can sit in. A reader that carries only short APDUs fails
 * an extended one at the transmit — a PC/SC error, not a status word, and not a removal
 * (docs/card-protocol.md §11); the card never sees the command.
 */
public enum ReaderKind {
  /** Carries short and extended APDUs. */
  EXTENDED("reader-extended", "reader that carries extended APDUs", "—"),
  /** Carries short APDUs only. */
  SHORT_ONLY(
      "reader-short",
      "reader that carries only short APDUs",
      "docs/card-protocol.md §11: some contact readers under libccid (inference)");

  private final String id;
  private final String description;
  private final String source;

  ReaderKind(String id, String description, String source) {
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

  /** Whether this reader can carry {@code command} to the card. */
  public boolean carries(byte[] command) {
    return this == EXTENDED || !isExtended(command);
  }

  /** An extended-length APDU: after the header, a 00 byte opening a 2-byte Lc or Le. */
  static boolean isExtended(byte[] command) {
    return command.length > 5 && command[4] == 0;
  }
}
