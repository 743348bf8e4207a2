package io.github.jpki4j.apdu;

/**
 * The card answered a command with a status word other than {@code 9000}. Carries the status word
 * and any response data; the message names the command and the status in words.
 */
public class ApduException extends CardCommandException {
  private static final long serialVersionUID = 1L;

  private final int ins;
  private final int sw;
  private final byte[] data;

  /**
   * @param ins the INS byte of the refused command
   * @param sw the status word, {@code SW1 << 8 | SW2}
   * @param data response data that came with it (usually empty)
   */
  public ApduException(int ins, int sw, byte[] data) {
    this(
        String.format(
            "card refused %s: %04X (%s)",
            StatusWords.commandName(ins), sw, StatusWords.describe(sw)),
        ins,
        sw,
        data);
  }

  private ApduException(String message, int ins, int sw, byte[] data) {
    super(message);
    this.ins = ins;
    this.sw = sw;
    this.data = data.clone();
  }

  /**
   * The same refusal, worded for the user with the step it broke: {@code "reading the auth
   * certificate failed: the card answered READ BINARY with 6A86 (incorrect parameters P1-P2)"}.
   */
  public ApduException during(String step) {
    ApduException e =
        new ApduException(
            String.format(
                "%s failed: the card answered %s with %04X" + " (%s)",
                step, StatusWords.commandName(ins), sw, StatusWords.describe(sw)),
            ins,
            sw,
            data);
    e.initCause(this);
    return e;
  }

  /** The same refusal with more words after its message, e.g. what the card reports now. */
  public ApduException noting(String more) {
    ApduException e = new ApduException(getMessage() + "; " + more, ins, sw, data);
    e.initCause(this);
    return e;
  }

  /** The INS byte of the command the card refused. */
  public int ins() {
    return ins;
  }

  /** The status word, {@code SW1 << 8 | SW2}. */
  public int sw() {
    return sw;
  }

  /** SW1 alone. */
  public int sw1() {
    return sw >>> 8;
  }

  /** SW2 alone. */
  public int sw2() {
    return sw & 0xFF;
  }

  /** A copy of the response data that came with the status word. */
  public byte[] data() {
    return data.clone();
  }
}
