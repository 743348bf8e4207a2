package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.NoCardException;
import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscErrors;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;

/** Every status word and every failure the card path raises, classified. */
class CardRecoveryTest {
  private static final Set<Integer> RESELECT_SWS =
      Set.of(
          StatusWords.FILE_NOT_FOUND,
          StatusWords.COMMAND_NOT_ALLOWED,
          StatusWords.SECURITY_STATUS_NOT_SATISFIED);

  @Test
  void everyStatusWord() {
    int reselect = 0;
    for (int sw = 0; sw <= 0xFFFF; sw++) {
      String hex = String.format("%04X", sw);
      CardRecovery expected =
          RESELECT_SWS.contains(sw) ? CardRecovery.RESELECT : CardRecovery.GIVE_UP;
      assertEquals(expected, CardRecovery.forStatusWord(sw), hex);
      // an ApduException is classified by its status word, whatever the command and the step
      ApduException refusal = new ApduException(StatusWords.INS_READ_BINARY, sw, new byte[0]);
      assertEquals(expected, CardRecovery.after(refusal), hex);
      assertEquals(expected, CardRecovery.after(refusal.during("reading")), hex);
      reselect += expected == CardRecovery.RESELECT ? 1 : 0;
    }
    assertEquals(3, reselect);
  }

  @Test
  void everyPcscFailureAsTheTransportTranslatesIt() {
    Map<String, CardRecovery> byCode =
        Map.of(
            "SCARD_W_REMOVED_CARD", CardRecovery.RECONNECT,
            "SCARD_E_NO_SMARTCARD", CardRecovery.RECONNECT,
            "SCARD_W_RESET_CARD", CardRecovery.RECONNECT,
            "SCARD_E_NO_SERVICE", CardRecovery.RECONNECT,
            "SCARD_E_SERVICE_STOPPED", CardRecovery.RECONNECT,
            "SCARD_E_NO_READERS_AVAILABLE", CardRecovery.RECONNECT,
            "SCARD_E_UNKNOWN_READER", CardRecovery.RECONNECT,
            "SCARD_E_READER_UNAVAILABLE", CardRecovery.RECONNECT,
            "SCARD_E_NOT_TRANSACTED", CardRecovery.RESELECT,
            "SCARD_F_COMM_ERROR", CardRecovery.RESELECT);
    for (PcscErrors.Kind kind : PcscErrors.Kind.values()) {
      assertTrue(
          byCode.keySet().stream()
              .anyMatch(code -> PcscErrors.kind(new CardException(code)) == kind),
          "a code of every kind is tried: " + kind);
    }
    byCode.forEach(
        (code, expected) ->
            assertEquals(
                expected,
                CardRecovery.after(
                    PcscErrors.translate(new CardException("transmit failed: " + code))),
                code));
  }

  @Test
  void everyTransportException() {
    Throwable cause = new CardException("x");
    assertEquals(
        CardRecovery.RESELECT, CardRecovery.after(new TransmitFailedException("short", cause)));
    for (TransportException e :
        new TransportException[] {
          new TransportException("the card connection is closed"),
          new CardRemovedException("removed", cause),
          new NoCardException("no card"),
          new NoReaderException("no reader"),
          new PcscUnavailableException("no service", cause),
          new PinAnswerLostException(
              JpkiPin.AUTH,
              new PinStatus(JpkiPin.AUTH, 3),
              new PinStatus(JpkiPin.AUTH, 2),
              new TransmitFailedException("lost", cause))
        }) {
      assertEquals(CardRecovery.RECONNECT, CardRecovery.after(e), e.toString());
    }
  }

  @Test
  void theDomainExceptions() {
    assertEquals(
        CardRecovery.RESELECT,
        CardRecovery.after(new PinRequiredException(JpkiPin.AUTH, "signing")),
        "6982 in the session's words");
    for (CardCommandException e :
        new CardCommandException[] {
          new NotJpkiCardException(StatusWords.FILE_NOT_FOUND),
          new NoSignatureKeyException(),
          new WrongPinException(JpkiPin.AUTH, 2),
          new PinBlockedException(JpkiPin.SIGN),
          new PinFormatException(JpkiPin.AUTH, "4 digits"),
          new LastTryRefusedException(JpkiPin.AUTH, "only 1 try left", "only 1 try left"),
          new BadResponseException("malformed"),
          new SignatureCheckException(JpkiKey.AUTH),
          new CardCommandException("other")
        }) {
      assertEquals(CardRecovery.GIVE_UP, CardRecovery.after(e), e.toString());
    }
  }

  @Test
  void anythingElseGivesUp() {
    assertEquals(CardRecovery.GIVE_UP, CardRecovery.after(new IOException("disk")));
    assertEquals(CardRecovery.GIVE_UP, CardRecovery.after(new IllegalStateException("bug")));
    assertEquals(CardRecovery.GIVE_UP, CardRecovery.after(new RuntimeException()));
  }
}
