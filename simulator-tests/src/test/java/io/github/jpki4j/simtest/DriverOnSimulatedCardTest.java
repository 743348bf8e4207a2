package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.CountingTransport;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TracingTransport;
import io.github.jpki4j.jpki.DigestAlgorithm;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinFormatException;
import io.github.jpki4j.jpki.PinRequiredException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.jpki.TokenInfo;
import io.github.jpki4j.jpki.WrongPinException;
import io.github.jpki4j.sim.CardKind;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.ReaderKind;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver (apdu module) against the emulating applet in jcardsim, through javax.smartcardio: the
 * same code path a PC/SC reader takes.
 */
class DriverOnSimulatedCardTest {
  static final TestIdentity ID = TestIdentity.generate(20261128L);

  private final List<VirtualCard> cards = new ArrayList<>();

  @AfterEach
  void closeCards() {
    cards.forEach(VirtualCard::close);
  }

  private VirtualCard card(CardProfile profile) {
    VirtualCard vc = VirtualCard.create(ID, io.github.jpki4j.sim.PinState.defaults(), profile);
    cards.add(vc);
    return vc;
  }

  private static CountingTransport connect(VirtualCard vc) throws Exception {
    CardReaders readers = CardReaders.of(vc.terminals());
    return new CountingTransport(CardReaders.connect(readers.choose(null), Duration.ZERO));
  }

  private JpkiCard open(VirtualCard vc) throws Exception {
    return JpkiCard.open(connect(vc));
  }

  @Test
  void allFourCertificatesAreReadAndParsedByTheJdk() throws Exception {
    JpkiCard card = open(card(CardProfile.DEFAULT));
    assertArrayEquals(ID.authCertificateDer(), card.readCertificateDer(JpkiCertificate.AUTH));
    assertArrayEquals(ID.authCaCertificateDer(), card.readCertificateDer(JpkiCertificate.AUTH_CA));
    assertArrayEquals(ID.signCaCertificateDer(), card.readCertificateDer(JpkiCertificate.SIGN_CA));
    X509Certificate auth = card.readCertificate(JpkiCertificate.AUTH);
    X509Certificate authCa = card.readCertificate(JpkiCertificate.AUTH_CA);
    auth.verify(authCa.getPublicKey()); // the JDK checks the chain signature
    assertTrue(auth.getSubjectX500Principal().getName().endsWith("C=JP"));

    // the signature certificate is protected by the signature password
    PinRequiredException e =
        assertThrows(
            PinRequiredException.class, () -> card.readCertificateDer(JpkiCertificate.SIGN));
    assertEquals(JpkiPin.SIGN, e.pin());
    card.verifyPin(JpkiPin.SIGN, "ABC123".toCharArray(), false);
    X509Certificate sign = card.readCertificate(JpkiCertificate.SIGN);
    assertArrayEquals(ID.signCertificateDer(), sign.getEncoded());
    sign.verify(card.readCertificate(JpkiCertificate.SIGN_CA).getPublicKey());
    assertTrue(sign.getSubjectAlternativeNames().size() >= 1);
  }

  @Test
  void extendedAndShortReadsGiveIdenticalBytesInFewApdus() throws Exception {
    CountingTransport ext = connect(card(CardProfile.DEFAULT));
    JpkiCard extended = JpkiCard.open(ext, ReadMode.EXTENDED);
    ext.reset();
    byte[] a = extended.readCertificateDer(JpkiCertificate.AUTH);
    assertEquals(2, ext.apdus(), "SELECT EF + one extended READ BINARY");
    assertEquals(ReadMode.EXTENDED, extended.readMode());

    for (CardKind kind : CardKind.values()) {
      CountingTransport sht =
          connect(card(new CardProfile(kind, ReaderKind.EXTENDED, java.util.Set.of())));
      JpkiCard shortCard = JpkiCard.open(sht);
      assertEquals(ReadMode.SHORT, shortCard.readMode(), "the ATR decides nothing");
      sht.reset();
      byte[] b = shortCard.readCertificateDer(JpkiCertificate.AUTH);
      assertArrayEquals(a, b);
      assertEquals(1 + (b.length + 255) / 256, sht.apdus(), "SELECT EF + ceil(N/256) reads");
    }
  }

  @Test
  void tokenInfoNamesAMyNumberCard() throws Exception {
    TokenInfo info = open(card(CardProfile.DEFAULT)).readTokenInfo();
    assertEquals(TokenInfo.MY_NUMBER_CARD, info.label());
  }

  @Test
  void countersDecrementAndResetOnSuccess() throws Exception {
    JpkiCard card = open(card(CardProfile.DEFAULT));
    assertEquals(3, card.pinStatus(JpkiPin.AUTH).triesLeft());
    assertEquals(5, card.pinStatus(JpkiPin.SIGN).triesLeft());
    assertEquals(
        2,
        assertThrows(
                WrongPinException.class,
                () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false))
            .triesLeft());
    assertEquals(2, card.pinStatus(JpkiPin.AUTH).triesLeft());
    assertEquals(5, card.pinStatus(JpkiPin.SIGN).triesLeft(), "the other PIN is untouched");
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    assertEquals(3, card.pinStatus(JpkiPin.AUTH).triesLeft(), "back to 3 after success");
    assertEquals(3, card.pinStatus(JpkiPin.AUTH).triesLeft(), "empty VERIFY when verified");
  }

  @Test
  void authPinBlocksAfterThreeFailuresAndStaysBlocked() throws Exception {
    VirtualCard vc = card(CardProfile.DEFAULT);
    JpkiCard card = open(vc);
    assertThrows(
        WrongPinException.class, () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false));
    assertThrows(
        WrongPinException.class, () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false));
    // one try left: refused locally, nothing sent, counter unchanged
    assertThrows(
        LastTryRefusedException.class,
        () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false));
    assertEquals(1, card.pinStatus(JpkiPin.AUTH).triesLeft());
    assertThrows(
        PinBlockedException.class, () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), true));
    assertTrue(card.pinStatus(JpkiPin.AUTH).blocked());
    // the right PIN no longer helps, and the card itself says 6984 (not only our pre-check)
    assertThrows(
        PinBlockedException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), true));
    assertEquals(
        0x6984,
        vc.transmit(
                new javax.smartcardio.CommandAPDU(
                    0, 0x20, 0, 0x80, "1234".getBytes(StandardCharsets.US_ASCII)))
            .getSW());
    // a power cycle (card pulled and reinserted) does not unblock it
    card.close();
    vc.removeCard();
    vc.insertCard();
    JpkiCard again = open(vc);
    assertTrue(again.pinStatus(JpkiPin.AUTH).blocked());
    assertEquals(5, again.pinStatus(JpkiPin.SIGN).triesLeft());
  }

  @Test
  void signaturePasswordBlocksAfterFiveFailures() throws Exception {
    JpkiCard card = open(card(CardProfile.DEFAULT));
    for (int left = 4; left >= 1; left--) {
      int expected = left;
      assertEquals(
          expected,
          assertThrows(
                  WrongPinException.class,
                  () -> card.verifyPin(JpkiPin.SIGN, "WRONG1".toCharArray(), true))
              .triesLeft());
    }
    assertThrows(
        PinBlockedException.class,
        () -> card.verifyPin(JpkiPin.SIGN, "WRONG1".toCharArray(), true));
    assertThrows(
        PinBlockedException.class,
        () -> card.verifyPin(JpkiPin.SIGN, "ABC123".toCharArray(), true));
    assertTrue(card.pinStatus(JpkiPin.SIGN).blocked());
    assertEquals(3, card.pinStatus(JpkiPin.AUTH).triesLeft());
  }

  @Test
  void malformedPinsLeaveTheCounterUntouched() throws Exception {
    CountingTransport t = connect(card(CardProfile.DEFAULT));
    JpkiCard card = JpkiCard.open(t);
    t.reset();
    for (String bad : new String[] {"123", "12345", "abcd", ""}) {
      assertThrows(
          PinFormatException.class, () -> card.verifyPin(JpkiPin.AUTH, bad.toCharArray(), true));
    }
    assertThrows(
        PinFormatException.class, () -> card.verifyPin(JpkiPin.SIGN, "ABC".toCharArray(), true));
    assertEquals(0, t.apdus(), "nothing reached the card");
    assertEquals(3, card.pinStatus(JpkiPin.AUTH).triesLeft());
  }

  @Test
  void signaturesVerifyWithTheCertificateKey() throws Exception {
    JpkiCard card = open(card(CardProfile.DEFAULT));
    byte[] message = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
    PinRequiredException e =
        assertThrows(
            PinRequiredException.class,
            () -> card.sign(JpkiKey.AUTH, DigestAlgorithm.SHA256.digestInfoOf(message)));
    assertEquals(JpkiPin.AUTH, e.pin());
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    for (String[] alg : new String[][] {{"SHA256", "SHA256withRSA"}, {"SHA512", "SHA512withRSA"}}) {
      byte[] sig = card.sign(JpkiKey.AUTH, DigestAlgorithm.valueOf(alg[0]).digestInfoOf(message));
      Signature v = Signature.getInstance(alg[1]);
      v.initVerify(ID.authCertificate());
      v.update(message);
      assertTrue(v.verify(sig), alg[1]);
    }
    // the signature key needs its own PIN
    assertThrows(
        PinRequiredException.class,
        () -> card.sign(JpkiKey.SIGN, DigestAlgorithm.SHA256.digestInfoOf(message)));
    card.verifyPin(JpkiPin.SIGN, "abc123".toCharArray(), false); // upper-cased locally
    byte[] sig = card.sign(JpkiKey.SIGN, DigestAlgorithm.SHA256.digestInfoOf(message));
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(ID.signCertificate());
    v.update(message);
    assertTrue(v.verify(sig));
  }

  @Test
  void apduCountsForACertificateAndASignatureWithAPin() throws Exception {
    CountingTransport t = connect(card(CardProfile.DEFAULT));
    JpkiCard card = JpkiCard.open(t);
    int select = t.apdus();
    card.readCertificateDer(JpkiCertificate.AUTH);
    int certificate = t.apdus();
    long certificateBytes = t.bytes();
    t.reset();
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    card.sign(JpkiKey.AUTH, DigestAlgorithm.SHA512.digestInfoOf(new byte[] {1}));
    int signature = t.apdus();
    System.out.printf(
        "APDUs: select AP %d, auth certificate %d (%d bytes), PIN + signature %d" + " (%d bytes)%n",
        select, certificate, certificateBytes, signature, t.bytes());
    assertEquals(1, select);
    int size = ID.authCertificateDer().length;
    assertTrue(size > 1200, "a certificate of real size: " + size);
    assertEquals(
        2 + (size + 255) / 256,
        certificate,
        "SELECT AP, SELECT EF, ceil(size / 256) short READ BINARY");
    assertEquals(5, signature, "SELECT PIN, empty VERIFY, VERIFY, SELECT key, SIGN");
  }

  @Test
  void aCardAnswering9000WhileVerifiedIsReportedVerified() throws Exception {
    JpkiCard card = open(card(CardProfile.parse("verified-9000")));
    assertFalse(card.pinStatus(JpkiPin.AUTH).verified());
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    io.github.jpki4j.jpki.PinStatus status = card.pinStatus(JpkiPin.AUTH);
    assertTrue(status.verified());
    assertEquals("verified (3 of 3 tries left)", status.describe());
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false); // still allowed, still one VERIFY
  }

  @Test
  void aBlockedPinAnswering6984ToTheEmptyVerifyIsNeverSent() throws Exception {
    VirtualCard vc =
        VirtualCard.create(
            ID,
            new io.github.jpki4j.sim.PinState("1234", 0, "ABC123", 5),
            CardProfile.parse("blocked-6984"));
    cards.add(vc);
    CountingTransport t = connect(vc);
    JpkiCard card = JpkiCard.open(t);
    assertTrue(card.pinStatus(JpkiPin.AUTH).blocked());
    t.reset();
    assertThrows(
        PinBlockedException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), true));
    assertEquals(2, t.apdus(), "SELECT PIN + empty VERIFY, no VERIFY with the PIN");
    assertEquals(0, vc.pinState().authTriesLeft());
  }

  @Test
  void theTraceNeverContainsAPin() throws Exception {
    VirtualCard vc = card(CardProfile.DEFAULT);
    List<String> trace = new ArrayList<>();
    ApduTransport t =
        new TracingTransport(new SmartcardioTransport(vc.terminal().connect("*")), trace::add);
    JpkiCard card = JpkiCard.open(t);
    assertThrows(
        WrongPinException.class, () -> card.verifyPin(JpkiPin.AUTH, "9876".toCharArray(), false));
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    card.verifyPin(JpkiPin.SIGN, "ABC123".toCharArray(), false);
    String all = String.join("\n", trace);
    assertTrue(all.contains("PIN bytes masked"), all);
    for (String secret :
        new String[] {"9876", "1234", "ABC123", "39383736", "31323334", "414243313233"}) {
      assertFalse(all.contains(secret), "trace leaks " + secret);
    }
  }

  @Test
  void cardRemovalIsATypedErrorAndTheVerifiedStateDoesNotSurviveIt() throws Exception {
    VirtualCard vc = card(CardProfile.DEFAULT);
    JpkiCard card = open(vc);
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    vc.removeCard();
    assertThrows(CardRemovedException.class, () -> card.pinStatus(JpkiPin.AUTH));
    card.close();
    vc.insertCard();
    JpkiCard again = open(vc);
    assertThrows(
        PinRequiredException.class,
        () -> again.sign(JpkiKey.AUTH, DigestAlgorithm.SHA256.digestInfoOf(new byte[] {1})));
  }

  @Test
  void thePersistentCardKeepsItsCountersAcrossOpenings(@TempDir Path dir) throws Exception {
    try (VirtualCard vc = VirtualCard.open(dir)) {
      JpkiCard card = open(vc);
      assertThrows(
          WrongPinException.class,
          () -> card.verifyPin(JpkiPin.SIGN, "WRONG1".toCharArray(), false));
      card.close();
    }
    try (VirtualCard vc = VirtualCard.open(dir)) {
      assertEquals(4, open(vc).pinStatus(JpkiPin.SIGN).triesLeft());
    }
  }
}
