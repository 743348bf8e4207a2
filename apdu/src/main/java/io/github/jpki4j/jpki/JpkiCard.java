package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.ApduChannel;
import io.github.jpki4j.apdu.ApduException;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.Atr;
import io.github.jpki4j.apdu.BadResponseException;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.StatusWords;
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
import java.util.Map;
import javax.crypto.Cipher;
import javax.smartcardio.CommandAPDU;

/**
 * A session with the JPKI AP of one My Number Card.
 *
 * <p>{@link #open} selects the AP; after that each method selects the EF it needs (the card acts
 * on "the current EF", and another program may have moved it), so every method is correct on its
 * own. APDU cost, after the one SELECT of the AP:
 *
 * <ul>
 *   <li>{@link #readCertificate}: SELECT EF + 1 READ BINARY with extended length (2 without it:
 *       256 bytes, then the rest of a typical 1.3 KB certificate in 5 more);
 *   <li>{@link #pinStatus}: SELECT + empty VERIFY, free of tries;
 *   <li>{@link #verifyPin}: SELECT + empty VERIFY + VERIFY, under exclusive access;
 *   <li>{@link #sign}: SELECT key + COMPUTE DIGITAL SIGNATURE (plus a certificate read the first
 *       time, to check the signature).
 * </ul>
 *
 * <p>Not thread-safe: one thread owns a session. Card refusals are {@link CardCommandException}s
 * (typed where it matters), transport failures {@link TransportException}s.
 */
public final class JpkiCard implements AutoCloseable {
  private final ApduChannel channel;
  private final EfReader reader;
  private final Map<JpkiCertificate, X509Certificate> certificates =
      new EnumMap<>(JpkiCertificate.class);

  private JpkiCard(ApduChannel channel, boolean extended) {
    this.channel = channel;
    this.reader = new EfReader(channel, extended);
  }

  /**
   * Selects the JPKI AP on a connected card and returns a session with it. Extended-length READ
   * BINARY is used when the card's ATR declares it.
   *
   * @param transport the connected card; the session closes it
   * @throws NotJpkiCardException if the card has no JPKI AP
   * @throws TransportException if the card could not be reached
   */
  public static JpkiCard open(ApduTransport transport)
      throws NotJpkiCardException, TransportException {
    boolean extended = Atr.parse(transport.atr()).declaresExtendedLength();
    JpkiCard card = new JpkiCard(new ApduChannel(transport), extended);
    try {
      card.selectApplication();
    } catch (NotJpkiCardException | TransportException | RuntimeException e) {
      transport.close();
      throw e;
    }
    return card;
  }

  /**
   * Selects the JPKI AP again ({@code 00 A4 04 0C} + AID), e.g. after a card reset.
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

  /** Whether READ BINARY currently uses extended Le (false after a {@code 6700} fallback). */
  public boolean usesExtendedLength() {
    return reader.extended();
  }

  /** The transport underneath (for the ATR, tracing, exclusive access). */
  public ApduTransport transport() {
    return channel.transport();
  }

  /**
   * Reads a certificate's DER bytes (parsed and cached like {@link #readCertificate}).
   *
   * @throws PinRequiredException for the signature certificate before the signature password
   * @throws BadResponseException if the EF does not hold a whole X.509 certificate
   */
  public byte[] readCertificateDer(JpkiCertificate which)
      throws CardCommandException, TransportException {
    try {
      return readCertificate(which).getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new BadResponseException("the " + which.label() + " cannot be encoded: "
          + e.getMessage());
    }
  }

  /**
   * Reads and parses a certificate (the JDK parses it; no BouncyCastle). Read once per session.
   *
   * @throws PinRequiredException for the signature certificate before the signature password
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
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      certificates.put(which, cert);
      return cert;
    } catch (CertificateException e) {
      throw new BadResponseException("the " + which.label() + " is not a valid X.509 certificate: "
          + e.getMessage());
    }
  }

  private byte[] readEf(JpkiCertificate which) throws CardCommandException, TransportException {
    selectEf(which.fileId());
    try {
      return reader.readDerObject(which.label());
    } catch (ApduException e) {
      if (e.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
        throw new PinRequiredException(which.readPin().orElse(JpkiPin.SIGN),
            "reading the " + which.label());
      }
      throw e;
    }
  }

  /** The RSA public key of a card key, from its certificate (read once per session). */
  public RSAPublicKey publicKey(JpkiKey key) throws CardCommandException, TransportException {
    if (!(readCertificate(key.certificate()).getPublicKey() instanceof RSAPublicKey rsa)) {
      throw new BadResponseException("the " + key.certificate().label() + " holds no RSA key");
    }
    return rsa;
  }

  /** Reads the token information EF (0006). */
  public TokenInfo readTokenInfo() throws CardCommandException, TransportException {
    selectEf(0x0006);
    return TokenInfo.parse(reader.readFirst());
  }

  /**
   * Reads a PIN's retry counter with an empty VERIFY; costs no try. A card that answers
   * {@code 9000} (already verified, as some cards do) is reported with a full counter.
   */
  public PinStatus pinStatus(JpkiPin pin) throws CardCommandException, TransportException {
    selectEf(pin.fileId());
    return emptyVerify(pin);
  }

  private PinStatus emptyVerify(JpkiPin pin) throws ApduException, TransportException {
    try {
      channel.send(new CommandAPDU(0x00, StatusWords.INS_VERIFY, 0x00, 0x80));
      return new PinStatus(pin, pin.maxTries());
    } catch (ApduException e) {
      if (StatusWords.isTriesLeft(e.sw())) {
        return new PinStatus(pin, e.sw2() & 0x0F);
      }
      if (e.sw() == StatusWords.REFERENCE_DATA_NOT_USABLE
          || e.sw() == StatusWords.AUTH_METHOD_BLOCKED) {
        return new PinStatus(pin, 0);
      }
      throw e;
    }
  }

  /**
   * Verifies a PIN, safely. In this order: the format is checked locally ({@link
   * PinFormatException}, nothing sent); then, under exclusive access, the counter is read (free):
   * a blocked PIN is never sent ({@link PinBlockedException}), and neither is a PIN with one try
   * left unless {@code allowLastTry} ({@link LastTryRefusedException}); then VERIFY, once. The
   * encoded PIN bytes are wiped before returning; the caller wipes {@code value}.
   *
   * @throws WrongPinException the card rejected it; carries the tries left
   * @throws PinBlockedException the PIN is (now) blocked
   */
  public void verifyPin(JpkiPin pin, char[] value, boolean allowLastTry)
      throws CardCommandException, TransportException {
    byte[] encoded = pin.encode(value);
    ApduTransport transport = channel.transport();
    transport.beginExclusive();
    try {
      PinStatus status = pinStatus(pin);
      if (status.blocked()) {
        throw new PinBlockedException(pin);
      }
      if (status.lastTry() && !allowLastTry) {
        throw new LastTryRefusedException(pin);
      }
      sendVerify(pin, encoded);
    } finally {
      Arrays.fill(encoded, (byte) 0);
      transport.endExclusive();
    }
  }

  private void sendVerify(JpkiPin pin, byte[] encoded)
      throws CardCommandException, TransportException {
    // CommandAPDU keeps its own copy, unreachable once sent; ours is wiped by the caller.
    try {
      channel.send(new CommandAPDU(0x00, StatusWords.INS_VERIFY, 0x00, 0x80, encoded));
    } catch (ApduException e) {
      if (StatusWords.isTriesLeft(e.sw())) {
        int left = e.sw2() & 0x0F;
        throw left == 0 ? new PinBlockedException(pin) : new WrongPinException(pin, left);
      }
      if (e.sw() == StatusWords.REFERENCE_DATA_NOT_USABLE
          || e.sw() == StatusWords.AUTH_METHOD_BLOCKED) {
        throw new PinBlockedException(pin);
      }
      throw e;
    }
  }

  /**
   * Signs a DigestInfo (or any 1–245 bytes) with a card key: the card adds PKCS#1 v1.5 type-1
   * padding. The signature is checked against the certificate's public key before it is returned.
   *
   * @param digestInfo e.g. {@link DigestAlgorithm#digestInfo(byte[])}
   * @return the 256-byte signature
   * @throws PinRequiredException if the key's PIN was not verified in this card session
   * @throws SignatureCheckException if the card's answer does not verify
   */
  public byte[] sign(JpkiKey key, byte[] digestInfo)
      throws CardCommandException, TransportException {
    if (digestInfo.length < 1 || digestInfo.length > 245) {
      throw new IllegalArgumentException("the card signs 1 to 245 bytes, got "
          + digestInfo.length);
    }
    RSAPublicKey publicKey = publicKey(key);
    selectEf(key.fileId());
    byte[] signature;
    try {
      signature = channel.send(new CommandAPDU(0x80, StatusWords.INS_COMPUTE_DIGITAL_SIGNATURE,
          0x00, 0x80, digestInfo, 256));
    } catch (ApduException e) {
      if (e.sw() == StatusWords.SECURITY_STATUS_NOT_SATISFIED) {
        throw new PinRequiredException(key.pin(), "signing with the "
            + key.name().toLowerCase(java.util.Locale.ROOT) + " key");
      }
      throw e;
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

  private void selectEf(int fileId) throws ApduException, TransportException {
    channel.send(new CommandAPDU(0x00, StatusWords.INS_SELECT, 0x02, 0x0C,
        new byte[] {(byte) (fileId >>> 8), (byte) fileId}));
  }

  /** Releases the card (leaves it powered, as PC/SC's "leave card"). */
  @Override
  public void close() {
    channel.transport().close();
  }
}
