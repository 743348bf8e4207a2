package io.github.jpki4j.jpki;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.ScriptedTransport;
import io.github.jpki4j.testsupport.Pkcs7Bag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every branch of the driver against scripted card exchanges. */
class JpkiCardTest {
  static final String ATR_EXTENDED = "3BDA13FF8131FB468012392F31C173C601C03B";
  static final String ATR_SHORT = "3BE000FF8131FE4514";
  static final String SELECT_AP = "00A4040C0AD392F000260100000001";
  static final String SELECT_AUTH_CERT = "00A4020C02000A";
  static final HexFormat HEX = HexFormat.of().withUpperCase();

  static byte[] resource(String name) throws IOException {
    try (InputStream in = JpkiCardTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  static byte[] certDer() throws IOException {
    return resource("auth-cert.der");
  }

  static String readBinary(int offset, int le) {
    return String.format("00B0%04X%02X", offset, le & 0xFF);
  }

  static JpkiCard open(ScriptedTransport t) throws Exception {
    t.expect(SELECT_AP, "9000");
    return JpkiCard.open(t);
  }

  /** The short reads of the 839-byte fixture: 256 + 256 + 256 + 71 bytes. */
  static void expectShortReads(ScriptedTransport t, byte[] der) {
    for (int off = 0; off < der.length; off += 256) {
      int n = Math.min(256, der.length - off);
      t.expect(readBinary(off, n), Arrays.copyOfRange(der, off, off + n), 0x9000);
    }
  }

  static JpkiCard openExtended(ScriptedTransport t) throws Exception {
    t.expect(SELECT_AP, "9000");
    return JpkiCard.open(t, ReadMode.EXTENDED);
  }

  // --- SELECT of the application ---

  @Test
  void openSelectsTheJpkiApplicationWithoutFci() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.assertDone();
    assertEquals(ReadMode.SHORT, card.readMode());
  }

  @Test
  void theAtrAloneNeverTurnsOnExtendedReads() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED); // declares extended Lc/Le
    JpkiCard card = open(t);
    assertEquals(ReadMode.SHORT, card.readMode());
    t.expect(SELECT_AUTH_CERT, "9000");
    expectShortReads(t, der);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    t.assertDone();
  }

  @Test
  void a6f00AfterPowerUpIsRetriedOnce() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport(ATR_EXTENDED).expect(SELECT_AP, "6F00").expect(SELECT_AP, "9000");
    JpkiCard.open(t);
    t.assertDone();
    assertFalse(t.closed());
    // twice is a real answer: no third try
    ScriptedTransport t2 =
        new ScriptedTransport(ATR_EXTENDED).expect(SELECT_AP, "6F00").expect(SELECT_AP, "6F00");
    assertEquals(0x6F00, assertThrows(NotJpkiCardException.class, () -> JpkiCard.open(t2)).sw());
    t2.assertDone();
    assertTrue(t2.closed());
  }

  @Test
  void aTransmitErrorOnTheFirstCommandIsRetriedOnce() throws Exception {
    ScriptedTransport t =
        new ScriptedTransport(ATR_EXTENDED)
            .expectTransmitFailure(SELECT_AP)
            .expect(SELECT_AP, "9000");
    JpkiCard.open(t);
    t.assertDone();
    ScriptedTransport t2 =
        new ScriptedTransport(ATR_EXTENDED)
            .expectTransmitFailure(SELECT_AP)
            .expectTransmitFailure(SELECT_AP);
    assertThrows(io.github.jpki4j.apdu.TransmitFailedException.class, () -> JpkiCard.open(t2));
    t2.assertDone();
    // a card that says no to the first SELECT is not asked again
    ScriptedTransport t3 = new ScriptedTransport(ATR_EXTENDED).expect(SELECT_AP, "6A82");
    assertThrows(NotJpkiCardException.class, () -> JpkiCard.open(t3));
    t3.assertDone();
  }

  @Test
  void aCardWithoutJpkiIsNotAMyNumberCard() {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT).expect(SELECT_AP, "6A82");
    NotJpkiCardException e = assertThrows(NotJpkiCardException.class, () -> JpkiCard.open(t));
    assertEquals(0x6A82, e.sw());
    assertTrue(e.getMessage().contains("not a My Number Card"), e.getMessage());
    assertTrue(t.closed(), "the transport is released when open fails");
  }

  // --- certificates ---

  @Test
  void shortReadsTake256ThenTheRestWithoutAProbe() throws Exception {
    byte[] der = certDer(); // 839 bytes: 256 + 256 + 256 + 71
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_CERT, "9000");
    expectShortReads(t, der);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    t.assertDone();
  }

  @Test
  void extendedLengthReadsTheWholeCertificateInOneCommand() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT); // the setting, not the ATR, decides
    JpkiCard card = openExtended(t);
    assertEquals(ReadMode.EXTENDED, card.readMode());
    t.expect(SELECT_AUTH_CERT, "9000").expect("00B00000000000", der, 0x9000);
    assertEquals(
        "JPKI4J UNIT TEST FIXTURE",
        card.readCertificate(JpkiCertificate.AUTH)
            .getSubjectX500Principal()
            .getName()
            .replaceAll(".*CN=([^,]*).*", "$1"));
    // cached: no more APDUs
    card.readCertificate(JpkiCertificate.AUTH);
    t.assertDone();
  }

  @Test
  void extendedLengthFallsBackToShortReadsOn6700() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = openExtended(t);
    t.expect(SELECT_AUTH_CERT, "9000").expect("00B00000000000", "6700");
    expectShortReads(t, der);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    assertEquals(ReadMode.SHORT, card.readMode());
    t.assertDone();
  }

  @Test
  void anExtendedReadTheReaderCannotCarryFallsBackWithoutLosingTheSession() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = openExtended(t);
    t.expect(SELECT_AUTH_CERT, "9000").expectTransmitFailure("00B00000000000");
    expectShortReads(t, der);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    assertEquals(ReadMode.SHORT, card.readMode());
    assertFalse(t.closed(), "the session goes on");
    // later reads are short from the start
    t.expect("00A4020C02000B", "9000");
    expectShortReads(t, der);
    card.readCertificateDer(JpkiCertificate.AUTH_CA);
    t.assertDone();
  }

  @Test
  void aCardThatReturnsLessThanAskedIsReadOnFromWhereItStopped() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = openExtended(t);
    t.expect(SELECT_AUTH_CERT, "9000")
        .expect("00B00000000000", Arrays.copyOfRange(der, 0, 500), 0x9000)
        .expect(
            String.format("00B001F400%04X", der.length - 500),
            Arrays.copyOfRange(der, 500, der.length),
            0x9000);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    t.assertDone();
  }

  @Test
  void fillerAfterTheObjectIsDropped() throws Exception {
    byte[] der = certDer();
    byte[] withFiller = Arrays.copyOf(der, der.length + 20);
    Arrays.fill(withFiller, der.length, withFiller.length, (byte) 0xFF);
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = openExtended(t);
    t.expect(SELECT_AUTH_CERT, "9000").expect("00B00000000000", withFiller, 0x9000);
    assertArrayEquals(der, card.readCertificateDer(JpkiCertificate.AUTH));
    // short reads stop at the object's end: the filler is never asked for
    int last = der.length - 768;
    byte[] tail = Arrays.copyOfRange(withFiller, 768, 1024);
    ScriptedTransport t2 = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card2 = open(t2);
    t2.expect(SELECT_AUTH_CERT, "9000")
        .expect(readBinary(0, 256), Arrays.copyOfRange(der, 0, 256), 0x9000)
        .expect(readBinary(256, 256), Arrays.copyOfRange(der, 256, 512), 0x9000)
        .expect(readBinary(512, 256), Arrays.copyOfRange(der, 512, 768), 0x9000)
        .expect(readBinary(768, last), Arrays.copyOf(tail, last), 0x9000);
    assertArrayEquals(der, card2.readCertificateDer(JpkiCertificate.AUTH));
    t2.assertDone();
  }

  @Test
  void aHeaderThatIsNot3082IsRefused() throws Exception {
    for (String first : new String[] {"3083FFFF00", "31820100", "3082", "", "04820100"}) {
      ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
      JpkiCard card = open(t);
      t.expect(SELECT_AUTH_CERT, "9000").expect(readBinary(0, 256), first + "9000");
      BadResponseException e =
          assertThrows(
              BadResponseException.class,
              () -> card.readCertificateDer(JpkiCertificate.AUTH),
              first);
      assertTrue(e.getMessage().contains("30 82 LL LL"), e.getMessage());
      t.assertDone();
    }
  }

  @Test
  void aFileThatEndsEarlyIsAnErrorNotALoop() throws Exception {
    byte[] der = certDer();
    // the card says 6B00 (offset beyond the end) before the header's length is reached
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_CERT, "9000")
        .expect(readBinary(0, 256), Arrays.copyOfRange(der, 0, 256), 0x9000)
        .expect(readBinary(256, 256), "6B00");
    BadResponseException e =
        assertThrows(
            BadResponseException.class, () -> card.readCertificateDer(JpkiCertificate.AUTH));
    assertTrue(e.getMessage().contains("ends after 256 bytes"), e.getMessage());
    // ... or answers 9000 with no data
    ScriptedTransport t2 = new ScriptedTransport(ATR_SHORT);
    JpkiCard card2 = open(t2);
    t2.expect(SELECT_AUTH_CERT, "9000")
        .expect(readBinary(0, 256), Arrays.copyOfRange(der, 0, 256), 0x9000)
        .expect(readBinary(256, 256), "9000");
    assertThrows(BadResponseException.class, () -> card2.readCertificateDer(JpkiCertificate.AUTH));
    t2.assertDone();
  }

  @Test
  void aHugeClaimedLengthIsRefusedBeforeAllocating() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_CERT, "9000").expect(readBinary(0, 256), "3082FFFF 0000 9000");
    BadResponseException e =
        assertThrows(
            BadResponseException.class, () -> card.readCertificateDer(JpkiCertificate.AUTH));
    assertTrue(e.getMessage().contains("more than READ BINARY can address"), e.getMessage());
  }

  @Test
  void garbageThatIsNotACertificateIsATypedError() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_CERT, "9000").expect(readBinary(0, 256), "30820002 0500 9000");
    assertThrows(BadResponseException.class, () -> card.readCertificate(JpkiCertificate.AUTH));
  }

  /** A PKCS#7 bag holding the right certificate is still not a certificate. */
  @Test
  void aPkcs7BagAroundTheCertificateIsRefused() throws Exception {
    byte[] bag = Pkcs7Bag.around(certDer());
    // the JDK reads the bag as holding the certificate ...
    assertEquals(
        1,
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(bag))
            .size());
    // ... the card's EF must hold the certificate itself
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect(SELECT_AUTH_CERT, "9000");
    expectShortReads(t, bag);
    BadResponseException e =
        assertThrows(BadResponseException.class, () -> card.readCertificate(JpkiCertificate.AUTH));
    assertTrue(e.getMessage().contains("not a valid X.509 certificate"), e.getMessage());
    t.assertDone();
  }

  @Test
  void theSignatureCertificateWantsTheSignaturePassword() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    t.expect("00A4020C020001", "9000").expect(readBinary(0, 256), "6982");
    PinRequiredException e =
        assertThrows(
            PinRequiredException.class, () -> card.readCertificateDer(JpkiCertificate.SIGN));
    assertEquals(JpkiPin.SIGN, e.pin());
    assertTrue(e.getMessage().contains("signature password"), e.getMessage());
    // with extended reads, 6982 is about the file: no fallback read
    ScriptedTransport t2 = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card2 = openExtended(t2);
    t2.expect("00A4020C020001", "9000").expect("00B00000000000", "6982");
    assertThrows(PinRequiredException.class, () -> card2.readCertificateDer(JpkiCertificate.SIGN));
    t2.assertDone();
    assertEquals(ReadMode.EXTENDED, card2.readMode());
  }

  @Test
  void aCardWithoutTheSignatureKeyPairSaysSoInOneSentence() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020001", "6A82");
    NoSignatureKeyException e =
        assertThrows(
            NoSignatureKeyException.class, () -> card.readCertificateDer(JpkiCertificate.SIGN));
    assertTrue(e.getMessage().contains("under 15"), e.getMessage());
    assertFalse(e.getMessage().contains("6A82"), e.getMessage());
    // signing needs that certificate first: the same sentence
    t.expect("00A4020C020001", "6A82");
    assertThrows(NoSignatureKeyException.class, () -> card.sign(JpkiKey.SIGN, new byte[] {1}));
    t.assertDone();
  }

  @Test
  void otherReadErrorsStayApduExceptions() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C02000B", "6A82");
    ApduException e =
        assertThrows(ApduException.class, () -> card.readCertificateDer(JpkiCertificate.AUTH_CA));
    assertEquals(0x6A82, e.sw());
    assertEquals(
        "reading the User Authentication Certificate CA failed: the card answered"
            + " SELECT with 6A82 (file or application not found)",
        e.getMessage());
    t.expect(SELECT_AUTH_CERT, "9000").expect(readBinary(0, 256), "6A86");
    assertEquals(
        "reading the User Authentication Certificate failed: the card answered"
            + " READ BINARY with 6A86 (incorrect parameters P1-P2)",
        assertThrows(ApduException.class, () -> card.readCertificateDer(JpkiCertificate.AUTH))
            .getMessage());
  }

  // --- token info ---

  @Test
  void tokenInfoLabelIsTrimmed() throws Exception {
    byte[] ef = new byte[160];
    Arrays.fill(ef, (byte) ' ');
    System.arraycopy("JPKIAPICCTOKEN2".getBytes(UTF_8), 0, ef, 0, 15);
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020006", "9000").expect(readBinary(0, 256), ef, 0x9000);
    TokenInfo info = card.readTokenInfo();
    assertEquals(TokenInfo.MY_NUMBER_CARD, info.label());
    assertEquals(160, info.raw().length);
  }

  // --- PIN status ---

  @Test
  void pinStatusIsAnEmptyVerify() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("00A4020C02001B", "9000")
        .expect("00200080", "63C1")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "63C0")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "6984")
        .expect("00A4020C02001B", "9000")
        .expect("00200080", "9000");
    assertEquals(new PinStatus(JpkiPin.AUTH, 3), card.pinStatus(JpkiPin.AUTH));
    PinStatus sign = card.pinStatus(JpkiPin.SIGN);
    assertTrue(sign.lastTry());
    assertEquals("1 of 5 tries left", sign.describe());
    assertTrue(card.pinStatus(JpkiPin.AUTH).blocked());
    assertTrue(card.pinStatus(JpkiPin.AUTH).blocked());
    PinStatus verified = card.pinStatus(JpkiPin.SIGN);
    assertTrue(verified.verified(), "9000: verified");
    assertEquals(5, verified.triesLeft(), "a verified PIN's counter is full");
    assertEquals("verified (5 of 5 tries left)", verified.describe());
    t.assertDone();
    // 6983, OpenSC's "blocked", is blocked too
    t.expect("00A4020C020018", "9000").expect("00200080", "6983");
    assertTrue(card.pinStatus(JpkiPin.AUTH).blocked());
  }

  @Test
  void pinStatusPassesOtherErrorsOn() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000").expect("00200080", "6986");
    ApduException e = assertThrows(ApduException.class, () -> card.pinStatus(JpkiPin.AUTH));
    assertEquals(0x6986, e.sw());
    assertTrue(e.getMessage().startsWith("reading the auth PIN counter failed"), e.getMessage());
  }

  @Test
  void aVerifiedPinIsStillSentWhenAskedFor() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "9000")
        .expect("002000800431323334", "9000");
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    t.assertDone();
  }

  // --- VERIFY ---

  @Test
  void aGoodPinIsCheckedAgainstTheCounterThenVerifiedOnceUnderExclusiveAccess() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("002000800431323334", "9000");
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    t.assertDone();
    assertTrue(t.verifiedUnderExclusive());
  }

  @Test
  void aWrongPinReportsTriesLeftAndIsNotRetried() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("002000800430303030", "63C2");
    WrongPinException e =
        assertThrows(
            WrongPinException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false));
    assertEquals(2, e.triesLeft());
    assertTrue(e.getMessage().contains("2 tries left"), e.getMessage());
    assertFalse(e.getMessage().contains("0000"));
    t.assertDone(); // exactly one VERIFY
  }

  @Test
  void theFailureThatUsesTheLastTryIsBlocked() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C1")
        .expect("002000800430303030", "63C0");
    PinBlockedException e =
        assertThrows(
            PinBlockedException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), true));
    assertTrue(e.getMessage().contains("municipal office"), e.getMessage());
  }

  @Test
  void theLastTryIsNotSpentUnlessAllowed() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C02001B", "9000").expect("00200080", "63C1");
    assertThrows(
        LastTryRefusedException.class,
        () -> card.verifyPin(JpkiPin.SIGN, "ABC123".toCharArray(), false));
    t.assertDone(); // no VERIFY with data was sent
    t.expect("00A4020C02001B", "9000")
        .expect("00200080", "63C1")
        .expect("0020008006414243313233", "9000");
    card.verifyPin(JpkiPin.SIGN, "ABC123".toCharArray(), true);
    t.assertDone();
  }

  @Test
  void aBlockedPinIsNeverSent() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000").expect("00200080", "63C0");
    assertThrows(
        PinBlockedException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), true));
    t.assertDone();
    // a card answering 6984 to VERIFY itself is blocked too
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C2")
        .expect("002000800431323334", "6984");
    assertThrows(
        PinBlockedException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), true));
  }

  @Test
  void malformedPinsNeverReachTheCard() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    String[] badAuth = {"123", "12345", "12a4", "", "１２３４", "12 4"};
    for (String pin : badAuth) {
      PinFormatException e =
          assertThrows(
              PinFormatException.class,
              () -> card.verifyPin(JpkiPin.AUTH, pin.toCharArray(), true),
              pin);
      assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    }
    String[] badSign = {"ABC12", "ABCDEFGHIJ1234567", "ABC-123", "ABC 123", "ＡＢＣ１２３"};
    for (String pin : badSign) {
      assertThrows(
          PinFormatException.class,
          () -> card.verifyPin(JpkiPin.SIGN, pin.toCharArray(), true),
          pin);
    }
    t.assertDone();
    assertEquals(1, t.sent().size(), "only the SELECT of the AP went out");
  }

  @Test
  void signaturePasswordLowerCaseIsUpperCased() throws Exception {
    assertTrue(JpkiPin.SIGN.wouldFoldCase("abc123".toCharArray()));
    assertFalse(JpkiPin.SIGN.wouldFoldCase("ABC123".toCharArray()));
    assertFalse(JpkiPin.AUTH.wouldFoldCase("1234".toCharArray()));
    assertArrayEquals("ABC123".getBytes(UTF_8), JpkiPin.SIGN.encode("abc123".toCharArray()));
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C02001B", "9000")
        .expect("00200080", "63C5")
        .expect("0020008006414243313233", "9000");
    card.verifyPin(JpkiPin.SIGN, "abc123".toCharArray(), false);
    t.assertDone();
  }

  // --- COMPUTE DIGITAL SIGNATURE ---

  static byte[] fixtureSign(byte[] digestInfo) throws Exception {
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(resource("auth-key.pk8")));
    Signature raw = Signature.getInstance("NONEwithRSA");
    raw.initSign(key);
    raw.update(digestInfo);
    return raw.sign();
  }

  static JpkiCard cardWithCertRead(ScriptedTransport t) throws Exception {
    JpkiCard card = openExtended(t);
    t.expect(SELECT_AUTH_CERT, "9000").expect("00B00000000000", certDer(), 0x9000);
    return card;
  }

  @Test
  void signSelectsTheKeyAndChecksTheSignature() throws Exception {
    byte[] digestInfo = DigestAlgorithm.SHA256.digestInfoOf("hello".getBytes(UTF_8));
    byte[] sig = fixtureSign(digestInfo);
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = cardWithCertRead(t);
    t.expect("00A4020C020017", "9000")
        .expect("802A008033" + HEX.formatHex(digestInfo) + "00", sig, 0x9000);
    assertArrayEquals(sig, card.sign(JpkiKey.AUTH, digestInfo));
    t.assertDone();
    // a second signature reuses the certificate: 2 APDUs
    byte[] di512 = DigestAlgorithm.SHA512.digestInfoOf("hello".getBytes(UTF_8));
    t.expect("00A4020C020017", "9000")
        .expect("802A008053" + HEX.formatHex(di512) + "00", fixtureSign(di512), 0x9000);
    card.sign(JpkiKey.AUTH, di512);
    t.assertDone();
  }

  @Test
  void aSignatureThatDoesNotVerifyIsDiscarded() throws Exception {
    byte[] digestInfo = DigestAlgorithm.SHA256.digestInfoOf("hello".getBytes(UTF_8));
    byte[] wrong = fixtureSign(DigestAlgorithm.SHA256.digestInfoOf("other".getBytes(UTF_8)));
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = cardWithCertRead(t);
    t.expect("00A4020C020017", "9000")
        .expect("802A008033" + HEX.formatHex(digestInfo) + "00", wrong, 0x9000);
    assertThrows(SignatureCheckException.class, () -> card.sign(JpkiKey.AUTH, digestInfo));
    // truncated signature
    t.expect("00A4020C020017", "9000")
        .expect(
            "802A008033" + HEX.formatHex(digestInfo) + "00",
            Arrays.copyOf(fixtureSign(digestInfo), 100),
            0x9000);
    assertThrows(SignatureCheckException.class, () -> card.sign(JpkiKey.AUTH, digestInfo));
  }

  @Test
  void signingWithoutThePinIsATypedError() throws Exception {
    byte[] digestInfo = DigestAlgorithm.SHA256.digestInfoOf("x".getBytes(UTF_8));
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = cardWithCertRead(t);
    t.expect("00A4020C020017", "9000")
        .expect("802A008033" + HEX.formatHex(digestInfo) + "00", "6982");
    PinRequiredException e =
        assertThrows(PinRequiredException.class, () -> card.sign(JpkiKey.AUTH, digestInfo));
    assertEquals(JpkiPin.AUTH, e.pin());
    // another answer names the step and the status word
    t.expect("00A4020C020017", "6986");
    ApduException other =
        assertThrows(ApduException.class, () -> card.sign(JpkiKey.AUTH, digestInfo));
    assertEquals(0x6986, other.sw());
    assertTrue(
        other
            .getMessage()
            .startsWith(
                "signing with the auth key failed: the card" + " answered SELECT with 6986"),
        other.getMessage());
  }

  // --- faults: lost and damaged answers (docs/robustness.md) ---

  @Test
  @Timeout(10)
  void aLostVerifyAnswerIsNeverResentTheCounterIsReadAgain() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expectTransmitFailure("002000800431323334")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "63C3");
    PinAnswerLostException e =
        assertThrows(
            PinAnswerLostException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false));
    t.assertDone();
    assertEquals(3, e.after().orElseThrow().triesLeft());
    assertTrue(
        e.getMessage().contains("was not sent again; the card now reports 3 of 3 tries" + " left"),
        e.getMessage());
  }

  @Test
  @Timeout(10)
  void aLostVerifyAnswerThenALowerCounterIsTheWrongPinItWas() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expectTransmitFailure("002000800430303030")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "63C2");
    WrongPinException e =
        assertThrows(
            WrongPinException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "0000".toCharArray(), false));
    assertEquals(2, e.triesLeft());
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void aLostVerifyAnswerThenAVerifiedPinIsASuccess() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expectTransmitFailure("002000800431323334")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "9000");
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void aLostVerifyAnswerWithAnUnchangedLowCounterWasNotChecked() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C2")
        .expectTransmitFailure("002000800431323334")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "63C2");
    PinAnswerLostException e =
        assertThrows(
            PinAnswerLostException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false));
    assertTrue(
        e.getMessage().endsWith("the card did not check it (2 of 3 tries left)"), e.getMessage());
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void anUnexplainedVerifyAnswerIsReportedWithTheCounterAsItIsNow() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("002000800431323334", "6F00")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "63C3");
    ApduException e =
        assertThrows(
            ApduException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false));
    assertEquals(0x6F00, e.sw());
    assertTrue(
        e.getMessage()
            .endsWith("the PIN was not sent again; the card now reports 3 of 3" + " tries left"),
        e.getMessage());
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void aReadAnswerLongerThanAskedIsRefusedNotPasted() throws Exception {
    byte[] der = certDer();
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    byte[] tooLong = Arrays.copyOf(der, 256 + 16);
    t.expect(SELECT_AUTH_CERT, "9000").expect("00B0000000", tooLong, 0x9000);
    io.github.jpki4j.apdu.TransmitFailedException e =
        assertThrows(
            io.github.jpki4j.apdu.TransmitFailedException.class,
            () -> card.readCertificate(JpkiCertificate.AUTH));
    assertTrue(e.getMessage().contains("272 bytes to a read of at most 256"), e.getMessage());
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void aSelectFailureThatIsNotNoSuchApplicationDoesNotCallItAnotherCard() {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT).expect(SELECT_AP, "6581");
    NotJpkiCardException e = assertThrows(NotJpkiCardException.class, () -> JpkiCard.open(t));
    assertFalse(e.certain());
    assertFalse(e.getMessage().contains("not a My Number Card"), e.getMessage());
    assertTrue(e.getMessage().contains("try again"), e.getMessage());
  }

  @Test
  void onlyTheNoSuchApplicationAnswersSayItIsAnotherCard() {
    for (String sw : List.of("6A82", "6A81", "6D00", "6E00", "6999")) {
      ScriptedTransport t = new ScriptedTransport(ATR_SHORT).expect(SELECT_AP, sw);
      NotJpkiCardException e = assertThrows(NotJpkiCardException.class, () -> JpkiCard.open(t));
      assertTrue(e.certain(), sw);
      assertTrue(e.getMessage().contains("not a My Number Card"), e.getMessage());
    }
    assertFalse(new NotJpkiCardException(0x6F00).certain());
    assertFalse(new NotJpkiCardException(0x6A80).certain());
  }

  @Test
  @Timeout(10)
  void aLostVerifyAnswerOnACardThatCannotBeAskedAgainSaysWhereToLook() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expectTransmitFailure("002000800431323334")
        .expectTransmitFailure("00A4020C020018");
    PinAnswerLostException e =
        assertThrows(
            PinAnswerLostException.class,
            () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false));
    t.assertDone();
    assertEquals(JpkiPin.AUTH, e.pin());
    assertTrue(e.after().isEmpty());
    assertTrue(
        e.getMessage()
            .endsWith(
                "the PIN was not sent again; the card may have counted a try: 'jpki pin status'"
                    + " shows the tries left"),
        e.getMessage());
  }

  @Test
  @Timeout(10)
  void anUnexplainedVerifyAnswerThenAVerifiedCounterIsASuccess() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("002000800431323334", "6581")
        .expect("00A4020C020018", "9000")
        .expect("00200080", "9000");
    card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false);
    t.assertDone();
  }

  @Test
  @Timeout(10)
  void anUnexplainedVerifyAnswerOnACardThatCannotBeAskedAgainIsThatAnswer() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_SHORT);
    JpkiCard card = open(t);
    t.expect("00A4020C020018", "9000")
        .expect("00200080", "63C3")
        .expect("002000800431323334", "6581")
        .expectTransmitFailure("00A4020C020018");
    ApduException e =
        assertThrows(
            ApduException.class, () -> card.verifyPin(JpkiPin.AUTH, "1234".toCharArray(), false));
    t.assertDone();
    assertEquals(0x65, e.sw1());
    assertEquals(0x81, e.sw2());
    assertTrue(e.getMessage().endsWith("the PIN was not sent again"), e.getMessage());
  }

  @Test
  void signRefusesLengthsTheCardCannotPad() throws Exception {
    ScriptedTransport t = new ScriptedTransport(ATR_EXTENDED);
    JpkiCard card = open(t);
    assertThrows(IllegalArgumentException.class, () -> card.sign(JpkiKey.AUTH, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> card.sign(JpkiKey.AUTH, new byte[246]));
    t.assertDone();
  }

  @Test
  void digestInfosHaveTheRfc8017Prefixes() {
    byte[] h = new byte[32];
    assertEquals(
        "3031300D060960864801650304020105000420" + "00".repeat(32),
        HEX.formatHex(DigestAlgorithm.SHA256.digestInfo(h)));
    assertEquals(0x53, DigestAlgorithm.SHA512.digestInfoOf(new byte[0]).length);
    assertEquals(0x33, DigestAlgorithm.SHA256.digestInfoOf(new byte[0]).length);
    assertThrows(IllegalArgumentException.class, () -> DigestAlgorithm.SHA512.digestInfo(h));
  }
}
