package io.github.jpki4j.simtest.faults;

/**
 * The ways one APDU exchange can go wrong, as {@link FaultInjectingTransport} plays them. Where the
 * card may have acted on a command whose answer never arrived (a removal, a transmit error, a
 * mangled or missing answer, a hang), the command is passed to the card first: the worst case for a
 * VERIFY, whose try may have been counted.
 */
public enum Fault {
  /** The card leaves the reader after it got the command: the answer is lost, later ones too. */
  CARD_REMOVED(true),
  /** The reader fails to bring the answer back ({@code SCARD_E_NOT_TRANSACTED}). */
  TRANSMIT_ERROR(true),
  /** The card answers a status word nobody expects ({@code 6581}, memory failure) at once. */
  UNEXPECTED_SW(false),
  /** The answer loses the second half of its data (a command without data: only SW1 comes). */
  TRUNCATED(true),
  /** Only SW1 comes back: the JDK refuses a 1-byte answer, so the reader "carried nothing". */
  LONE_SW1(true),
  /** The answer has 16 bytes more than the card sent, before the status word. */
  OVERLONG(true),
  /** The card answers {@code 6F00} (no precise diagnosis) at once. */
  SW_6F00(false),
  /** No answer at all: the exchange blocks until the test releases it, then fails. */
  HANG(true);

  private final boolean reachesCard;

  Fault(boolean reachesCard) {
    this.reachesCard = reachesCard;
  }

  /** Whether the card gets (and acts on) the command before the fault strikes. */
  public boolean reachesCard() {
    return reachesCard;
  }
}
