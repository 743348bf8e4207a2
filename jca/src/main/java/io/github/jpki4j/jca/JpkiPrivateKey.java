package io.github.jpki4j.jca;

import io.github.jpki4j.jpki.JpkiKey;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.util.Locale;

/**
 * A handle on a private key of the card: it never leaves the card, so there is no encoding.
 * Algorithm {@code RSA}, with the modulus of its certificate ({@link RSAKey}, which JSSE and
 * jarsigner read for the key size). Not an {@code RSAPrivateKey}: the JDK's own RSA provider
 * declines it, and the JDK's delayed provider selection hands it to the {@code JPKI} provider's
 * {@code Signature}.
 *
 * <p>Valid while the keystore session that made it is open; it cannot be serialized.
 */
public final class JpkiPrivateKey implements PrivateKey, RSAKey {
  private static final long serialVersionUID = 1L;

  private final transient CardSession session;
  private final JpkiKey key;
  private final BigInteger modulus;

  JpkiPrivateKey(CardSession session, JpkiKey key, BigInteger modulus) {
    this.session = session;
    this.key = key;
    this.modulus = modulus;
  }

  /** Which key of the card. */
  public JpkiKey cardKey() {
    return key;
  }

  /** The keystore alias: {@code auth} or {@code sign}. */
  public String alias() {
    return key.name().toLowerCase(Locale.ROOT);
  }

  CardSession session() {
    return session;
  }

  @Override
  public String getAlgorithm() {
    return "RSA";
  }

  /** None: the key never leaves the card. */
  @Override
  public String getFormat() {
    return null;
  }

  /** None: the key never leaves the card. */
  @Override
  public byte[] getEncoded() {
    return null;
  }

  @Override
  public BigInteger getModulus() {
    return modulus;
  }

  @Override
  public String toString() {
    return "JPKI card key '" + alias() + "' (RSA " + modulus.bitLength() + ")";
  }

  private Object writeReplace() throws ObjectStreamException {
    throw new NotSerializableException(
        "a JPKI card key is a handle on the card; it cannot be" + " serialized");
  }
}
