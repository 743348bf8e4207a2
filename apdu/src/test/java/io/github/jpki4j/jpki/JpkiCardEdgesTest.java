package io.github.jpki4j.jpki;

import static io.github.jpki4j.jpki.JpkiCardTest.ATR_EXTENDED;
import static io.github.jpki4j.jpki.JpkiCardTest.cardWithCertRead;
import static io.github.jpki4j.jpki.JpkiCardTest.fixtureSign;
import static io.github.jpki4j.jpki.JpkiCardTest.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.ScriptedTransport;
import io.github.jpki4j.apdu.TransportException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver at the edges the main scripted tests leave: which EFs mean "no signature key pair",
 * the lengths the card can sign, a signature value the key cannot even decrypt, exclusive access
 * always given back, and the session's ownership of its transport.
 */
class JpkiCardEdgesTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** Counts exclusive access around a script. */
  private static final class Exclusive extends ForwardingTransport {
    int depth;
    int taken;

    Exclusive(ScriptedTransport inner) {
      super(inner);
    }

    @Override
    public void beginExclusive() throws TransportException {
      super.beginExclusive();
      depth++;
      taken++;
    }

    @Override
    public void endExclusive() {
      depth--;
      super.endExclusive();
    }
  }

  @Test
  void onlyTheSignaturePasswordsEfMissingMeansNoSignatureKeyPair() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    t.expect("00A4020C02001B", "6A82");
    assertThrows(NoSignatureKeyException.class, () -> card.pinStatus(JpkiPin.SIGN));
    t.expect("00A4020C020018", "6A82");
    ApduException e = assertThrows(ApduException.class, () -> card.pinStatus(JpkiPin.AUTH));
    assertEquals(0x6A82, e.sw());
    t.assertDone();
  }

  @Test
  void aMissingAuthKeyEfIsAnErrorOfItsOwn() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = cardWithCertRead(t);
    t.expect("00A4020C020017", "6A82");
    ApduException e =
        assertThrows(
            ApduException.class,
            () -> card.sign(JpkiKey.AUTH, new byte[] {1})); // not NoSignatureKeyException
    assertEquals(0x6A82, e.sw());
    t.assertDone();
  }

  @Test
  void lookingForTheSignatureKeyPairSelectsEachPartOnceAndReadsNothing() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    t.expect("00A4020C020001", "9000")
        .expect("00A4020C020002", "9000")
        .expect("00A4020C02001A", "9000")
        .expect("00A4020C02001B", "9000")
        .expect("00200080", "63C5");
    card.requireSignatureKeyPair();
    assertTrue(card.hasSignatureKeyPair(), "found once, not asked again");
    t.assertDone();
  }

  /** Each part of the signature side a card may lack, and each answer it may give for it. */
  static Stream<Arguments> missingParts() {
    return Stream.of(
        Arguments.of("certificate", List.of("00A4020C020001/6A82")),
        Arguments.of("CA certificate", List.of("00A4020C020001/9000", "00A4020C020002/6A82")),
        Arguments.of(
            "key", List.of("00A4020C020001/9000", "00A4020C020002/9000", "00A4020C02001A/6A82")),
        Arguments.of(
            "PIN",
            List.of(
                "00A4020C020001/9000",
                "00A4020C020002/9000",
                "00A4020C02001A/9000",
                "00A4020C02001B/6A82")),
        Arguments.of(
            "PIN without reference data",
            List.of(
                "00A4020C020001/9000",
                "00A4020C020002/9000",
                "00A4020C02001A/9000",
                "00A4020C02001B/9000",
                "00200080/6A88")),
        Arguments.of(
            "PIN counter not found",
            List.of(
                "00A4020C020001/9000",
                "00A4020C020002/9000",
                "00A4020C02001A/9000",
                "00A4020C02001B/9000",
                "00200080/6A82")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingParts")
  void anyMissingPartOfTheSignatureSideIsOneCondition(String part, List<String> exchange)
      throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    for (String step : exchange) {
      String[] c = step.split("/");
      t.expect(c[0], c[1]);
    }
    assertFalse(card.hasSignatureKeyPair(), part);
    t.assertDone();
    for (String step : exchange) {
      String[] c = step.split("/");
      t.expect(c[0], c[1]);
    }
    NoSignatureKeyException e =
        assertThrows(NoSignatureKeyException.class, card::requireSignatureKeyPair, part);
    assertEquals(NoSignatureKeyException.MESSAGE, e.getMessage());
    t.assertDone();
  }

  @Test
  void theSignaturePasswordsCounterAnswering6A88MeansNoSignatureKeyPair() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    t.expect("00A4020C02001B", "9000").expect("00200080", "6A88");
    assertThrows(NoSignatureKeyException.class, () -> card.pinStatus(JpkiPin.SIGN));
    t.expect("00A4020C020018", "9000").expect("00200080", "6A88");
    ApduException e = assertThrows(ApduException.class, () -> card.pinStatus(JpkiPin.AUTH));
    assertEquals(0x6A88, e.sw(), "the auth PIN's is an error of its own");
    t.assertDone();
  }

  @Test
  void theCardSignsOneTo245Bytes() throws Exception {
    for (int length : new int[] {1, 245}) {
      byte[] data = new byte[length];
      Arrays.fill(data, (byte) 0x5A);
      byte[] sig = fixtureSign(data);
      ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
      JpkiCard card = cardWithCertRead(t);
      t.expect("00A4020C020017", "9000")
          .expect(String.format("802A0080%02X%s00", length, HEX.formatHex(data)), sig, 0x9000);
      assertArrayEquals(sig, card.sign(JpkiKey.AUTH, data), "length " + length);
      t.assertDone();
    }
  }

  @Test
  void aSignatureTheKeyCannotDecryptIsDiscarded() throws Exception {
    byte[] digestInfo = DigestAlgorithm.SHA256.digestInfoOf("hello".getBytes());
    byte[] notASignature = new byte[256];
    Arrays.fill(notASignature, (byte) 0xFF); // larger than the modulus
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = cardWithCertRead(t);
    t.expect("00A4020C020017", "9000")
        .expect("802A008033" + HEX.formatHex(digestInfo) + "00", notASignature, 0x9000);
    assertThrows(SignatureCheckException.class, () -> card.sign(JpkiKey.AUTH, digestInfo));
  }

  @Test
  void exclusiveAccessIsGivenBackWhateverVerifyPinEndsWith() throws Exception {
    String selectPin = "00A4020C020018";
    String[][] endings = {
      {"63C3", "002000800431323334", "9000"}, // right PIN
      {"63C3", "002000800431323334", "63C2"}, // wrong PIN
      {"63C1", null, null}, // last try, not allowed
      {"6983", null, null}, // blocked
      {"6A88", null, null}, // some other answer to the counter read
    };
    for (String[] ending : endings) {
      ScriptedTransport script = new ScriptedTransport(ATR_EXTENDED);
      script.expect("00A4040C0AD392F000260100000001", "9000");
      Exclusive t = new Exclusive(script);
      JpkiCard card = JpkiCard.open(t);
      script.expect(selectPin, "9000").expect("00200080", ending[0]);
      if (ending[1] != null) {
        script.expect(ending[1], ending[2]);
      }
      try {
        card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
      } catch (Exception expected) {
        // each ending has its own exception; here only the exclusive access matters
      }
      script.assertDone();
      assertEquals(1, t.taken, ending[0]);
      assertEquals(0, t.depth, "exclusive access kept after " + ending[0]);
    }
  }

  @Test
  void theSessionOwnsItsTransport() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    assertSame(t, card.transport());
    assertFalse(t.closed());
    card.close();
    assertTrue(t.closed());
  }
}
