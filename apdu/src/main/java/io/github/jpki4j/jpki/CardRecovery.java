package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;

/**
 * What a failed card operation means for a caller that holds the card for long (the agent): the one
 * classification of status words and transport failures into "re-select the AP", "reconnect" or
 * "give up". It sits beside the places that make those failures: {@link
 * io.github.jpki4j.apdu.PcscErrors} (PC/SC codes to transport exceptions), {@link
 * io.github.jpki4j.apdu.ApduChannel} (status words to {@link ApduException}) and {@link JpkiCard}
 * (status words to domain exceptions).
 *
 * <p>A caller recovers at most once per operation, and never repeats an operation that sent a PIN
 * (the PIN would be sent without asking again). Re-selecting the AP is the lighter step: when it
 * fails, the caller reconnects. No status word makes a caller re-select on its own account: on some
 * cards a re-SELECT logs the PIN out (docs/card-protocol.md §10.6, §11).
 */
public enum CardRecovery {
  /** Nothing to mend: the failure is the answer (a wrong PIN, a malformed response, no key). */
  GIVE_UP,
  /**
   * Another program or a card event moved the card's state, but the card is there: select the JPKI
   * AP again on the same connection (reconnect if that fails) and try once more.
   */
  RESELECT,
  /**
   * The connection is gone (card removed or reset, reader or PC/SC service gone, link broken):
   * connect afresh, which is a new card insertion, and try once more.
   */
  RECONNECT;

  /**
   * What a status word other than {@code 9000} means: {@code 6A82} (file or application not found)
   * and {@code 6986} (no current EF) say that another program selected something else; {@code 6982}
   * (security status not satisfied) that the card lost its verified state, e.g. on a re-selection
   * by another program. All three call for {@link #RESELECT}; every other status word for {@link
   * #GIVE_UP}.
   */
  public static CardRecovery forStatusWord(int sw) {
    return switch (sw) {
      case StatusWords.FILE_NOT_FOUND,
          StatusWords.COMMAND_NOT_ALLOWED,
          StatusWords.SECURITY_STATUS_NOT_SATISFIED ->
          RESELECT;
      default -> GIVE_UP;
    };
  }

  /**
   * What a failure of a card operation means:
   *
   * <ul>
   *   <li>{@link TransmitFailedException} (the reader failed to carry one command, the card may
   *       still be there): {@link #RESELECT};
   *   <li>any other {@link TransportException} (card removed or reset, no card, no reader, PC/SC
   *       gone, the connection closed, a lost VERIFY answer): {@link #RECONNECT};
   *   <li>{@link PinRequiredException}, the session's word for {@code 6982}: as that status word;
   *   <li>{@link ApduException}: as its status word ({@link #forStatusWord});
   *   <li>anything else, including the other domain exceptions ({@link NotJpkiCardException},
   *       {@link NoSignatureKeyException}, the PIN errors, malformed responses) and unchecked
   *       exceptions: {@link #GIVE_UP}.
   * </ul>
   */
  public static CardRecovery after(Exception failure) {
    if (failure instanceof TransmitFailedException) {
      return RESELECT;
    }
    if (failure instanceof TransportException) {
      return RECONNECT;
    }
    if (failure instanceof PinRequiredException) {
      return forStatusWord(StatusWords.SECURITY_STATUS_NOT_SATISFIED);
    }
    if (failure instanceof ApduException a) {
      return forStatusWord(a.sw());
    }
    return GIVE_UP;
  }
}
