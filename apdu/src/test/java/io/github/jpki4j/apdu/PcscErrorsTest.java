package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javax.smartcardio.CardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PC/SC failures as the JDK reports them (the code in the cause's message) are classified once. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PcscErrorsTest {
  private static CardException pcsc(String code) {
    return new CardException("transmit() failed", new Exception(code));
  }

  @Test
  void aRemovalOrAResetIsCardRemovedButATransmitErrorIsNot() {
    assertInstanceOf(
        CardRemovedException.class, PcscErrors.translate(pcsc("SCARD_W_REMOVED_CARD")));
    assertInstanceOf(
        CardRemovedException.class, PcscErrors.translate(pcsc("SCARD_E_NO_SMARTCARD")));
    TransportException reset = PcscErrors.translate(pcsc("SCARD_W_RESET_CARD"));
    assertInstanceOf(CardRemovedException.class, reset);
    assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
    // what a short-only reader gives an extended APDU: the card is still there
    TransportException failed = PcscErrors.translate(pcsc("SCARD_E_NOT_TRANSACTED"));
    assertEquals(TransmitFailedException.class, failed.getClass());
    assertTrue(failed.getMessage().contains("SCARD_E_NOT_TRANSACTED"), failed.getMessage());
  }

  @Test
  void aStoppedServiceAndAGoneReaderHaveTheirOwnTypes() {
    assertInstanceOf(
        PcscUnavailableException.class, PcscErrors.translate(pcsc("SCARD_E_NO_SERVICE")));
    assertInstanceOf(
        PcscUnavailableException.class, PcscErrors.translate(pcsc("SCARD_E_SERVICE_STOPPED")));
    assertInstanceOf(
        NoReaderException.class, PcscErrors.translate(pcsc("SCARD_E_READER_UNAVAILABLE")));
  }

  @Test
  void theCodeIsFoundInTheMessageOrAnyCause() {
    assertEquals(
        PcscErrors.Kind.CARD_REMOVED,
        PcscErrors.kind(
            new CardException("x", new RuntimeException("y", pcsc("SCARD_W_REMOVED_CARD")))));
    assertEquals(PcscErrors.Kind.TRANSMIT_FAILED, PcscErrors.kind(new CardException("odd")));
    assertEquals("odd", PcscErrors.code(new CardException("odd")));
    assertEquals(
        "SCARD_E_NO_SERVICE",
        PcscErrors.code(new CardException("SCARD_E_NO_SERVICE: the service is gone")));
    assertEquals(
        "SCARD_W_REMOVED_CARD",
        PcscErrors.code(new CardException("x", new Exception("(scard_w_removed_card)"))));
  }
}
