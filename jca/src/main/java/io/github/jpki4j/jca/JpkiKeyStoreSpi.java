package io.github.jpki4j.jca;

import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.jpki.PinException;
import io.github.jpki4j.jpki.PinFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;

/**
 * The {@code JPKI} keystore: the card's two keys, read-only, as PKCS#11 tokens are seen.
 *
 * <ul>
 *   <li>Aliases {@code auth} and {@code sign} (named as in the {@code jpki} command), each a
 *       private-key entry whose chain is the key's certificate and its CA certificate. The keys are
 *       {@link JpkiPrivateKey} handles; their signatures are made by the card.
 *   <li>The store password is a PIN. The auth PIN (4 digits) gives the {@code auth} entry; the
 *       signature password (6–16 of A–Z and 0–9) gives both, since the card shows the signature
 *       certificate (the holder's name, address, birth date and sex) only after it. No password:
 *       the {@code auth} entry, whose key needs its PIN from {@code getKey("auth", pin)} or a
 *       callback handler.
 *   <li>Loading sends no VERIFY except the one the signature certificate needs; a key's PIN is
 *       verified at its first signature. At most one VERIFY per PIN and load; the format is checked
 *       first, the counter is read (free), and the last try is refused unless allowed ({@link
 *       JpkiLoadParameter#withAllowLastTry}, or {@code -Djpki.allowLastTry=true}).
 *   <li>Nothing is written anywhere: certificates are read from the card at each load.
 *   <li>The stream given to {@code load} must be null ({@code -keystore NONE} for keytool and
 *       jarsigner): the card is the store. The card comes from {@code jpki.simulator}/{@code
 *       jpki.reader} or {@code JPKI_SIMULATOR}/{@code JPKI_READER}, or a {@link JpkiLoadParameter}.
 * </ul>
 *
 * <p>The card stays connected until the store is loaded again, {@link JpkiProvider#closeSessions()}
 * is called, or the store and its keys are unreachable.
 */
public final class JpkiKeyStoreSpi extends KeyStoreSpi {
  /** A key entry: which card key, its chain (certificate, CA certificate), its handle. */
  private record Entry(JpkiKey key, X509Certificate[] chain, JpkiPrivateKey privateKey) {}

  private final JpkiProvider provider;
  private CardSession session;
  private Map<String, Entry> entries = Map.of();

  /** For reflection; {@link JpkiProvider} passes itself so that it can close the session. */
  public JpkiKeyStoreSpi() {
    this(null);
  }

  JpkiKeyStoreSpi(JpkiProvider provider) {
    this.provider = provider;
  }

  @Override
  public void engineLoad(InputStream stream, char[] password) throws IOException {
    if (stream != null) {
      throw new IOException(
          "the JPKI keystore is the card itself and reads no file: load it"
              + " with a null stream (keytool and jarsigner: -keystore NONE)");
    }
    // not JpkiLoadParameter.pin(password): its PasswordProtection would keep a copy nobody wipes
    load(JpkiLoadParameter.noPin(), password, null);
  }

  @Override
  public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
    if (param == null) {
      load(JpkiLoadParameter.noPin(), null, null);
      return;
    }
    JpkiLoadParameter jpki = param instanceof JpkiLoadParameter p ? p : JpkiLoadParameter.noPin();
    KeyStore.ProtectionParameter protection = param.getProtectionParameter();
    if (protection == null) {
      load(jpki, null, null);
    } else if (protection instanceof KeyStore.PasswordProtection pw) {
      load(jpki, pw.getPassword(), null);
    } else if (protection instanceof KeyStore.CallbackHandlerProtection ch) {
      load(jpki, null, ch.getCallbackHandler());
    } else {
      throw new IllegalArgumentException(
          "the JPKI keystore takes a PasswordProtection or a"
              + " CallbackHandlerProtection, not "
              + protection.getClass().getName());
    }
  }

  private void load(JpkiLoadParameter parameter, char[] password, CallbackHandler handler)
      throws IOException {
    release();
    JpkiPin given = password == null || password.length == 0 ? null : pinOf(password);
    boolean allowLastTry =
        parameter.allowLastTry() || Boolean.getBoolean(JpkiLoadParameter.ALLOW_LAST_TRY_PROPERTY);
    CardSession opened;
    try {
      opened = CardSession.open(parameter, handler, allowLastTry);
    } catch (CardCommandException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      if (given != null) {
        opened.offerPin(given, password);
      }
      Map<String, Entry> loaded = new LinkedHashMap<>();
      loaded.put("auth", entry(opened, JpkiKey.AUTH, JpkiCertificate.AUTH_CA));
      boolean withSign =
          given == JpkiPin.SIGN
              || (given == null
                  && (handler != null || parameter.card() != null)
                  && parameter.signatureKey());
      if (withSign) {
        // before any password: whether the card has the signature key pair (holders under 15
        // have none, or only part of it)
        opened.requireSignatureKeyPair();
        opened.ensureVerified(JpkiPin.SIGN);
        loaded.put("sign", entry(opened, JpkiKey.SIGN, JpkiCertificate.SIGN_CA));
      }
      session = opened;
      entries = Collections.unmodifiableMap(loaded);
      if (provider != null) {
        provider.track(opened);
      }
    } catch (NoSignatureKeyException e) {
      opened.close();
      throw new IOException(e.getMessage(), e);
    } catch (PinException | PinUnavailableException e) {
      opened.close();
      String message = CardSession.message(e);
      UnrecoverableKeyException cause = new UnrecoverableKeyException(message);
      cause.initCause(e);
      throw new IOException(message, cause);
    } catch (CardCommandException e) {
      opened.close();
      throw new IOException(e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /**
   * Which PIN a store password is, by its format alone (nothing is sent): 4 digits is the auth PIN,
   * 6–16 of A–Z, a–z and 0–9 the signature password.
   */
  private static JpkiPin pinOf(char[] password) throws IOException {
    if (isAuthPin(password)) {
      return JpkiPin.AUTH;
    }
    try {
      Arrays.fill(JpkiPin.SIGN.encode(password), (byte) 0);
      return JpkiPin.SIGN;
    } catch (PinFormatException e) {
      String message =
          "the JPKI keystore password is a PIN of the card: the auth PIN ("
              + JpkiPin.AUTH.formatDescription()
              + ") or the signature password ("
              + JpkiPin.SIGN.formatDescription()
              + "); nothing was sent to the card";
      UnrecoverableKeyException cause = new UnrecoverableKeyException(message);
      cause.initCause(e);
      throw new IOException(message, cause);
    }
  }

  private static boolean isAuthPin(char[] password) {
    if (password.length != 4) {
      return false;
    }
    for (char c : password) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Entry entry(CardSession session, JpkiKey key, JpkiCertificate ca)
      throws CardCommandException, IOException {
    X509Certificate cert = session.certificate(key.certificate());
    X509Certificate caCert = session.certificate(ca);
    if (!(cert.getPublicKey() instanceof RSAPublicKey rsa)) {
      throw new IOException(
          "the "
              + key.certificate().label()
              + " holds no RSA key; this card"
              + " generation is not supported yet");
    }
    return new Entry(
        key,
        new X509Certificate[] {cert, caCert},
        new JpkiPrivateKey(session, key, rsa.getModulus()));
  }

  /** Releases the card of the previous load, if any. */
  private void release() {
    if (session != null) {
      session.close();
      session = null;
    }
    entries = Map.of();
  }

  private Entry find(String alias) {
    return alias == null ? null : entries.get(alias.toLowerCase(Locale.ROOT));
  }

  /**
   * The key handle. For {@code auth}, a password in the auth PIN's format is kept as its PIN (like
   * a key password); anything else is ignored (jarsigner passes the store password).
   */
  @Override
  public Key engineGetKey(String alias, char[] password) {
    Entry e = find(alias);
    if (e == null) {
      return null;
    }
    if (password != null && e.key() == JpkiKey.AUTH && isAuthPin(password)) {
      session.offerPin(JpkiPin.AUTH, password);
    }
    return e.privateKey();
  }

  @Override
  public Certificate[] engineGetCertificateChain(String alias) {
    Entry e = find(alias);
    return e == null ? null : e.chain().clone();
  }

  @Override
  public Certificate engineGetCertificate(String alias) {
    Entry e = find(alias);
    return e == null ? null : e.chain()[0];
  }

  /** The certificate's notBefore: the card has no other date. */
  @Override
  public Date engineGetCreationDate(String alias) {
    Entry e = find(alias);
    return e == null ? null : e.chain()[0].getNotBefore();
  }

  /**
   * The entry with its key handle. The protection is a key password as for {@link #engineGetKey}; a
   * {@code CallbackHandlerProtection} (what {@code KeyStore.Builder} hands out) or null adds
   * nothing: the PIN comes from the load.
   */
  @Override
  public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection)
      throws UnrecoverableKeyException {
    Entry e = find(alias);
    if (e == null) {
      return null;
    }
    char[] password = null;
    if (protection instanceof KeyStore.PasswordProtection p) {
      password = p.getPassword();
    } else if (protection != null && !(protection instanceof KeyStore.CallbackHandlerProtection)) {
      throw new UnsupportedOperationException(
          "JPKI entries take a PasswordProtection (the auth"
              + " PIN, for auth), a CallbackHandlerProtection or null, not "
              + protection.getClass().getName());
    }
    return new KeyStore.PrivateKeyEntry(
        (JpkiPrivateKey) engineGetKey(alias, password), e.chain().clone());
  }

  @Override
  public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
    return find(alias) != null && entryClass.isAssignableFrom(KeyStore.PrivateKeyEntry.class);
  }

  @Override
  public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain)
      throws KeyStoreException {
    throw readOnly();
  }

  @Override
  public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain)
      throws KeyStoreException {
    throw readOnly();
  }

  @Override
  public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
    throw readOnly();
  }

  @Override
  public void engineDeleteEntry(String alias) throws KeyStoreException {
    throw readOnly();
  }

  private static KeyStoreException readOnly() {
    return new KeyStoreException("the JPKI keystore is the card: read-only");
  }

  @Override
  public Enumeration<String> engineAliases() {
    return Collections.enumeration(entries.keySet());
  }

  @Override
  public boolean engineContainsAlias(String alias) {
    return find(alias) != null;
  }

  @Override
  public int engineSize() {
    return entries.size();
  }

  @Override
  public boolean engineIsKeyEntry(String alias) {
    return find(alias) != null;
  }

  @Override
  public boolean engineIsCertificateEntry(String alias) {
    return false;
  }

  @Override
  public String engineGetCertificateAlias(Certificate cert) {
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().chain()[0].equals(cert)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Not possible: the card is the store, and nothing is ever written to disk. */
  @Override
  public void engineStore(OutputStream stream, char[] password) {
    throw new UnsupportedOperationException("the JPKI keystore is the card: read-only");
  }

  @Override
  public void engineStore(KeyStore.LoadStoreParameter param) {
    throw new UnsupportedOperationException("the JPKI keystore is the card: read-only");
  }
}
