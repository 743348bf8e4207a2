package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.ApduChannel;
import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.StatusWords;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.smartcardio.CommandAPDU;

/**
 * A session with the JPKI AP of one My Number Card.
 *
 * <p>{@link #open} selects the AP; after that each method selects the EF it needs (the card acts on
 * "the current EF", and another program may have moved it), so every method is correct on its own.
 * APDU cost, after the one SELECT of the AP (docs/card-protocol.md §8):
 *
 * <ul>
 *   <li>{@link #readCertificate}: SELECT EF + ⌈size / 256⌉ READ BINARY with short reads (7 in all
 *       for a 1.5 KB certificate), SELECT EF + 1 with {@link ReadMode#EXTENDED}; once per session;
 *   <li>{@link #pinStatus}: SELECT + empty VERIFY, free of tries;
 *   <li>{@link #verifyPin}: SELECT + empty VERIFY + VERIFY, under exclusive access;
 *   <li>{@link #sign}: SELECT key + COMPUTE DIGITAL SIGNATURE (plus the certificate read the first
 *       time, to check the signature).
 * </ul>
 *
 * <p>Real cards differ (§11), and every method copes with all the known variants: a card that
 * answers {@code 6F00} to the first command after power-up, one that answers an empty VERIFY with
 * {@code 9000} while verified ({@link PinStatus#verified()}), or with {@code 6983}/{@code 6984}
 * when blocked, one without the signature key pair ({@link NoSignatureKeyException}). Any other
 * refusal is an {@link ApduException} whose message names the step and the status word.
 *
 * <p>Not thread-safe: one thread owns a session. Card refusals are {@link CardCommandException}s
 * (typed where it matters), transport failures {@link TransportException}s.
 */
public final class JpkiCard implements AutoCloseable {
  private final ApduChannel channel;
  private final EfReader reader;
  private final Map<JpkiCertificate, X509Certificate> certificates =
      new EnumMap<>(JpkiCertificate.class);

  private JpkiCard(ApduChannel channel, ReadMode mode) {
    this.channel = channel;
    this.reader = new EfReader(channel, mode);
  }

  /** {@link #open(ApduTransport, ReadMode)} with short reads. */
  public static JpkiCard open(ApduTransport transport)
      throws NotJpkiCardException, TransportException {
    return open(transport, ReadMode.SHORT);
  }

  /**
   * Selects the JPKI AP on a freshly connected card and returns a session with it. The SELECT is
   * the first command after power-up, which some cards answer {@code 6F00} (and some readers fail):
   * it is sent once more in that case, and only then.
   *
   * @param transport the connected card; the session closes it
   * @param mode how certificates are read
   * @throws NotJpkiCardException if the card has no JPKI AP
   * @throws TransportException if the card could not be reached
   */
  public static JpkiCard open(ApduTransport transport, ReadMode mode)
      throws NotJpkiCardException, TransportException {
    JpkiCard card = new JpkiCard(new ApduChannel(transport), mode);
    try {
      try {
        card.selectApplication();
      } catch (NotJpkiCardException e) {
        if (e.sw() != StatusWords.NO_PRECISE_DIAGNOSIS) {
          throw e;
        }
        card.selectApplication();
      } catch (TransmitFailedException e) {
        card.selectApplication();
      }
    } catch (NotJpkiCardException | TransportException | RuntimeException e) {
      transport.close();
      throw e;
    }
    return card;
  }

  /**
   * Selects the JPKI AP ({@code 00 A4 04 0C} + AID), e.g. after a card reset or when another
   * program selected another application. Some cards forget the verified PINs on it (§11).
   *
   * @throws NotJpkiCardException if the card refuses
   */
  public void selectApplication() throws NotJpkiCardException, TransportException {
    try {
      channel.send(new CommandAPDU(0x00, StatusWords.INS_SELECT, 0x04, 0x0C, JpkiAid.jpki()));
    } catch (ApduException e) {
      throw new NotJpkiCardException(e.sw());
    }
  }

  /** How certificates are read now ({@link ReadMode#SHORT} after an extended read failed). */
  public ReadMode readMode() {
    return reader.mode();
  }

  /** The transport underneath (for the ATR, tracing, exclusive access). */
  public ApduTransport transport() {
    return channel.transport();
  }

  /**
   * Reads a certificate's DER bytes (parsed and cached like {@link #readCertificate}).
   *
   * @throws PinRequiredException for the signature certificate before the signature password
   * @throws NoSignatureKeyException for the signature certificate of a card without one
   * @throws BadResponseException if the EF does not hold a whole X.509 certificate
   */
  public byte[] readCertificateDer(JpkiCertificate which)
      throws CardCommandException, TransportException {
    try {
      return readCertificate(which).getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new BadResponseException(
          "the " + which.label() + " cannot be encoded: " + e.getMessage());
    }
  }

  /**
   * Reads and parses a certificate (the JDK parses it; no BouncyCastle). Read once per session.
   *
   * @throws PinRequiredException for the signature certificate before the signature password
   * @throws NoSignatureKeyException for the signature certificate of a card without one
   * @throws BadResponseException if the EF does not hold a whole X.509 certificate
   */
  public X509Certificate readCertificate(JpkiCertificate which)
      throws CardCommandException, TransportException {
    X509Certificate cached = certificates.get(which);
    if (cached != null) {
      return cached;
    }
    byte[] der = readEf(which);
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      certificates.put(which, cert);
      return cert;
    } catch (CertificateException e) {
      // The JDK's message names its own exception classes; the user needs to know what failed.
      throw new BadResponseException(
          "the "
              + which.label()
              + " read from the card is not a"
              + " valid X.509 certificate ("
              + der.length
              + " bytes); try again, and if it persists,"
              + " the card or the reader is faulty");
    }
  }

  private byte[] readEf(JpkiCertificate which) throws CardCommandException, TransportException {
    String step = "reading the " + which.label();
    selectEf(which.fileId(), which == JpkiCertificate.SIGN, step);
    try {
      return reader.readDerObject(which.label());
    } catch (ApduException e) {
      if (e.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
        throw new PinRequiredException(which.readPin().orElse(JpkiPin.SIGN), step);
      }
      throw e.during(step);
    }
  }

  /**
   * Checks, without a PIN and without reading it, that the card has the signature certificate: a
   * SELECT of its EF (cards of holders under 15 have none). Call it before asking for the signature
   * password, so that nobody types a password for a certificate that is not there.
   *
   * @throws NoSignatureKeyException if the card has no signature key pair
   */
  public void requireSignatureKeyPair() throws CardCommandException, TransportException {
    if (!certificates.containsKey(JpkiCertificate.SIGN)) {
      selectEf(JpkiCertificate.SIGN.fileId(), true, "looking for the signature certificate");
    }
  }

  /** The RSA public key of a card key, from its certificate (read once per session). */
  public RSAPublicKey publicKey(JpkiKey key) throws CardCommandException, TransportException {
    if (!(readCertificate(key.certificate()).getPublicKey() instanceof RSAPublicKey rsa)) {
      throw new BadResponseException(
          "the "
              + key.certificate().label()
              + " holds no RSA key;"
              + " this card generation is not supported yet");
    }
    return rsa;
  }

  /** Reads the token information EF (0006). */
  public TokenInfo readTokenInfo() throws CardCommandException, TransportException {
    String step = "reading the token information";
    selectEf(0x0006, false, step);
    try {
      return TokenInfo.parse(reader.readFirst());
    } catch (ApduException e) {
      throw e.during(step);
    }
  }

  /**
   * Reads a PIN's retry counter with an empty VERIFY (the 4-byte header only); costs no try. A card
   * that answers {@code 9000} has the PIN verified: {@link PinStatus#verified()}.
   */
  public PinStatus pinStatus(JpkiPin pin) throws CardCommandException, TransportException {
    String step = "reading the " + pin.label() + " counter";
    selectEf(pin.fileId(), pin == JpkiPin.SIGN, step);
    try {
      channel.send(new CommandAPDU(0x00, StatusWords.INS_VERIFY, 0x00, 0x80));
      return PinStatus.verifiedNow(pin);
    } catch (ApduException e) {
      int left = triesLeft(e.sw());
      if (left < 0) {
        throw e.during(step);
      }
      return new PinStatus(pin, Math.min(left, pin.maxTries()));
    }
  }

  /**
   * Asks for a PIN and verifies it, by the caller's {@link PinPolicy}: the counter is read (free);
   * a blocked PIN, or one try left that the policy does not spend, is refused before anyone is
   * asked; then {@code asker} is asked once, with the {@link PinPrompt} the policy words, and the
   * answer goes to {@link #verifyPin(JpkiPin, char[], PinPolicy)}: format checked locally, counter
   * read again under exclusive access, VERIFY once. The answer is wiped before returning, whatever
   * happened.
   *
   * @throws X the asker's own failure (cancelled, no way to ask); nothing was sent
   * @throws PinBlockedException the PIN is (now) blocked
   * @throws LastTryRefusedException one try is left and the policy does not spend it
   * @throws PinFormatException the answer cannot be a PIN of this kind; nothing was sent
   * @throws WrongPinException the card rejected it; carries the tries left
   * @throws PinAnswerLostException the answer to the VERIFY was lost
   */
  public <X extends Exception> void verifyPin(JpkiPin pin, PinPolicy policy, PinAsker<X> asker)
      throws X, CardCommandException, TransportException {
    PinPrompt prompt = policy.promptFor(pinStatus(pin));
    char[] value = asker.askPin(prompt);
    try {
      verifyPin(pin, value, policy);
    } finally {
      Arrays.fill(value, '\0');
    }
  }

  /** {@link #verifyPin(JpkiPin, char[], PinPolicy)} with {@link PinPolicy#defaults()}. */
  public void verifyPin(JpkiPin pin, char[] value, boolean allowLastTry)
      throws CardCommandException, TransportException {
    verifyPin(pin, value, PinPolicy.defaults().allowingLastTry(allowLastTry));
  }

  /**
   * Verifies a PIN, safely. In this order: the format is checked locally ({@link
   * PinFormatException}, nothing sent); then, under exclusive access, the counter is read (free)
   * and the {@link PinPolicy} decides: a blocked PIN is never sent ({@link PinBlockedException}),
   * and neither is a PIN with one try left unless the policy spends it ({@link
   * LastTryRefusedException}); then VERIFY, once. The encoded PIN bytes are wiped before returning;
   * the caller wipes {@code value}.
   *
   * <p>A VERIFY is never sent twice. When its answer is lost or makes no sense (a transport
   * failure, a status word that is neither {@code 9000} nor a counter), the counter is read once
   * more, free: a lower counter is the wrong PIN it means ({@link WrongPinException}), a card that
   * now reports the PIN verified took it, and anything else is reported as the card gives it
   * ({@link PinAnswerLostException}, or the refusal with the counter in its message).
   *
   * @throws WrongPinException the card rejected it; carries the tries left
   * @throws PinBlockedException the PIN is (now) blocked
   * @throws PinAnswerLostException the answer to the VERIFY was lost
   */
  public void verifyPin(JpkiPin pin, char[] value, PinPolicy policy)
      throws CardCommandException, TransportException {
    byte[] encoded = pin.encode(value);
    ApduTransport transport = channel.transport();
    transport.beginExclusive();
    try {
      PinStatus status = pinStatus(pin);
      policy.requireSendable(status);
      sendVerify(pin, encoded, status);
    } finally {
      Arrays.fill(encoded, (byte) 0);
      transport.endExclusive();
    }
  }

  private void sendVerify(JpkiPin pin, byte[] encoded, PinStatus before)
      throws CardCommandException, TransportException {
    // CommandAPDU keeps its own copy, unreachable once sent; ours is wiped by the caller.
    try {
      channel.send(new CommandAPDU(0x00, StatusWords.INS_VERIFY, 0x00, 0x80, encoded));
    } catch (ApduException e) {
      int left = triesLeft(e.sw());
      if (left >= 0) {
        throw left == 0 ? new PinBlockedException(pin) : new WrongPinException(pin, left);
      }
      PinStatus after = counterAfterAnswerLost(pin, before);
      if (after == null || !after.verified()) {
        ApduException refused = e.during("verifying the " + pin.label());
        throw after == null
            ? refused.noting("the PIN was not sent again")
            : refused.noting(
                "the PIN was not sent again; the card now reports " + after.describe());
      }
    } catch (CardRemovedException e) {
      throw new PinAnswerLostException(pin, before, null, e); // nothing left to ask
    } catch (TransportException e) {
      PinStatus after = counterAfterAnswerLost(pin, before);
      if (after == null || !after.verified()) {
        throw new PinAnswerLostException(pin, before, after, e);
      }
    }
  }

  /**
   * After a VERIFY whose answer was lost or unexplained: the counter, read once (free), or null if
   * it could not be read. A lower counter than before means the card rejected the PIN, and that is
   * thrown as such.
   */
  private PinStatus counterAfterAnswerLost(JpkiPin pin, PinStatus before)
      throws WrongPinException, PinBlockedException {
    PinStatus after;
    try {
      after = pinStatus(pin);
    } catch (TransportException | CardCommandException e) {
      return null;
    }
    if (!after.verified() && after.triesLeft() < before.triesLeft()) {
      if (after.blocked()) {
        throw new PinBlockedException(pin);
      }
      throw new WrongPinException(pin, after.triesLeft());
    }
    return after;
  }

  /**
   * Tries left in a VERIFY answer: x for {@code 63Cx}, 0 for {@code 6983}/{@code 6984}, else -1.
   */
  private static int triesLeft(int sw) {
    if (StatusWords.isTriesLeft(sw)) {
      return sw & 0x0F;
    }
    if (sw == StatusWords.REFERENCE_DATA_NOT_USABLE || sw == StatusWords.AUTH_METHOD_BLOCKED) {
      return 0;
    }
    return -1;
  }

  /**
   * Signs a DigestInfo (or any 1–245 bytes) with a card key: the card adds PKCS#1 v1.5 type-1
   * padding. The signature is checked against the certificate's public key before it is returned.
   *
   * @param digestInfo e.g. {@link DigestAlgorithm#digestInfo(byte[])}
   * @return the 256-byte signature
   * @throws PinRequiredException if the key's PIN was not verified in this card session
   * @throws NoSignatureKeyException for the signature key of a card without one
   * @throws SignatureCheckException if the card's answer does not verify
   */
  public byte[] sign(JpkiKey key, byte[] digestInfo)
      throws CardCommandException, TransportException {
    if (digestInfo.length < 1 || digestInfo.length > 245) {
      throw new IllegalArgumentException("the card signs 1 to 245 bytes, got " + digestInfo.length);
    }
    RSAPublicKey publicKey = publicKey(key);
    String step = "signing with the " + key.name().toLowerCase(Locale.ROOT) + " key";
    selectEf(key.fileId(), key == JpkiKey.SIGN, step);
    byte[] signature;
    try {
      signature =
          channel.send(
              new CommandAPDU(
                  0x80, StatusWords.INS_COMPUTE_DIGITAL_SIGNATURE, 0x00, 0x80, digestInfo, 256));
    } catch (ApduException e) {
      if (e.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
        throw new PinRequiredException(key.pin(), step);
      }
      throw e.during(step);
    }
    int modulusBytes = (publicKey.getModulus().bitLength() + 7) / 8;
    if (signature.length != modulusBytes || !verifies(publicKey, signature, digestInfo)) {
      throw new SignatureCheckException(key);
    }
    return signature;
  }

  private static boolean verifies(RSAPublicKey key, byte[] signature, byte[] expected) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      rsa.init(Cipher.DECRYPT_MODE, key); // public-key "decrypt" strips block type 1
      return MessageDigest.isEqual(rsa.doFinal(signature), expected);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Selects an EF of the JPKI AP. {@code 6A82} for one of the signature key pair's EFs means the
   * card has none.
   */
  private void selectEf(int fileId, boolean ofSignatureKeyPair, String step)
      throws CardCommandException, TransportException {
    try {
      channel.send(
          new CommandAPDU(
              0x00,
              StatusWords.INS_SELECT,
              0x02,
              0x0C,
              new byte[] {(byte) (fileId >>> 8), (byte) fileId}));
    } catch (ApduException e) {
      if (ofSignatureKeyPair && e.sw() == StatusWords.FILE_NOT_FOUND) {
        throw new NoSignatureKeyException();
      }
      throw e.during(step);
    }
  }

  /** Releases the card (leaves it powered, as PC/SC's "leave card"). */
  @Override
  public void close() {
    channel.transport().close();
  }
}
