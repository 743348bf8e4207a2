package io.github.jpki4j.jpki.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.DigestAlgorithm;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.jpki.TokenInfo;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;

/**
 * The JPKI session ({@link JpkiCard}, and the EF reader under it) against a card that answers
 * whatever the fuzzer says: each APDU is answered by a working card ({@link FuzzedCard}) unless the
 * input makes it answer garbage, a chosen status word, a cut or over-long response, or fail at the
 * transmit. The input also picks the read mode, what the certificate EF holds, and a script of
 * driver calls after {@code open} ({@code readCertificate}, {@code pinStatus}, {@code verifyPin},
 * {@code sign}, {@code readTokenInfo}, ...): one byte per call and argument, from the front of the
 * input, while the faults come one byte per APDU from its end (FuzzedDataProvider's integers).
 *
 * <p>Invariants: every call returns or throws {@link CardCommandException} or {@link
 * TransportException}; a failed {@code open} closes the transport; a PIN is sent only under
 * exclusive access, at most once per {@code verifyPin}, never when the counter just read says
 * blocked, and never on the last try unless allowed; a signature is returned only if it verifies
 * against the certificate's key; a returned certificate is what the EF holds.
 */
class JpkiCardFuzzTest {
  private static final JpkiCertificate[] CERTS = JpkiCertificate.values();

  @FuzzTest
  void session(FuzzedDataProvider in) throws Exception {
    FuzzedCard card = new FuzzedCard(in);
    Script script = new Script(in.consumeBytes(in.consumeInt(0, 64)));
    ReadMode mode = in.consumeBoolean() ? ReadMode.EXTENDED : ReadMode.SHORT;
    JpkiCard session;
    try {
      session = JpkiCard.open(card, mode);
    } catch (CardCommandException | TransportException e) {
      assertTrue(card.closed(), "a failed open must close the transport");
      return;
    }
    while (script.more()) {
      int op = script.next(10);
      card.startOperation();
      try {
        run(op, session, card, script);
      } catch (CardCommandException | TransportException expected) {
        // the card said no, or could not be reached: the caller reports it
      }
    }
    session.close();
    assertTrue(card.closed());
  }

  /** The driver calls and their arguments, one byte each, from the front of the input. */
  static final class Script {
    private final byte[] bytes;
    private int at;

    Script(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean more() {
      return at < bytes.length;
    }

    int next(int bound) {
      return more() ? (bytes[at++] & 0xFF) % bound : 0;
    }

    boolean nextBoolean() {
      return next(2) == 1;
    }
  }

  private static void run(int op, JpkiCard session, FuzzedCard card, Script in)
      throws CardCommandException, TransportException, GeneralSecurityException {
    switch (op) {
      case 0 -> {
        JpkiCertificate which = CERTS[in.next(CERTS.length)];
        byte[] der = session.readCertificateDer(which);
        if (!card.certificateTampered()) {
          assertArrayEquals(card.certificateEf(), der, "a certificate the EF does not hold");
        }
      }
      case 1 -> {
        JpkiPin pin = in.nextBoolean() ? JpkiPin.SIGN : JpkiPin.AUTH;
        PinStatus status = session.pinStatus(pin);
        assertTrue(status.triesLeft() <= pin.maxTries());
      }
      case 2 -> {
        JpkiPin pin = in.nextBoolean() ? JpkiPin.SIGN : JpkiPin.AUTH;
        boolean allowLastTry = in.nextBoolean();
        char[] value = pinValue(pin, in.next(4));
        card.expectVerify(allowLastTry);
        session.verifyPin(pin, value, allowLastTry);
      }
      case 3 -> {
        JpkiKey key = in.nextBoolean() ? JpkiKey.SIGN : JpkiKey.AUTH;
        DigestAlgorithm alg = DigestAlgorithm.values()[in.next(DigestAlgorithm.values().length)];
        byte[] digestInfo = alg.digestInfoOf(new byte[] {(byte) op});
        byte[] signature = session.sign(key, digestInfo);
        // checked here again, independently of the driver's own check
        Signature rsa = Signature.getInstance("NONEwithRSA");
        rsa.initVerify(session.publicKey(key));
        rsa.update(digestInfo);
        assertTrue(rsa.verify(signature), "a signature that does not verify left the driver");
      }
      case 4 -> {
        TokenInfo info = session.readTokenInfo();
        assertTrue(info.label().length() <= 32);
      }
      case 5 -> session.requireSignatureKeyPair();
      case 6 -> {
        RSAPublicKey key = session.publicKey(in.nextBoolean() ? JpkiKey.SIGN : JpkiKey.AUTH);
        assertTrue(key.getModulus().signum() > 0);
      }
      case 7 -> session.selectApplication();
      case 8 -> card.resetCard();
      default -> {
        JpkiCertificate which = CERTS[in.next(CERTS.length)];
        X509Certificate cert = session.readCertificate(which);
        if (!card.certificateTampered()) {
          assertArrayEquals(card.certificateEf(), cert.getEncoded());
        }
      }
    }
  }

  // a well-formed value (the right one or a wrong one), or one the format check refuses
  private static char[] pinValue(JpkiPin pin, int kind) {
    String s =
        switch (kind) {
          case 0 -> pin == JpkiPin.AUTH ? FuzzedCard.AUTH_PIN : FuzzedCard.SIGN_PIN;
          case 1 -> pin == JpkiPin.AUTH ? "9999" : "WRONG1";
          case 2 -> pin == JpkiPin.AUTH ? "12a4" : "abc123";
          default -> "";
        };
    return s.toCharArray();
  }
}
