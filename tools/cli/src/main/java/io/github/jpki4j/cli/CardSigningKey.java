package io.github.jpki4j.cli;

import io.github.jpki4j.jca.JpkiLoadParameter;
import io.github.jpki4j.jca.JpkiProvider;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.pin.Terminal;
import io.github.jpki4j.signing.CmsSigner;
import io.github.jpki4j.signing.PersonalDataConsent;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The card's key for a document signature ({@code cms sign}, {@code pdf sign}), reached the same
 * way each time: the signature key's personal-data consent first, then the PIN, then the {@code
 * JPKI} KeyStore's key handle and chain. Signs only while its card session is open.
 */
final class CardSigningKey {
  private final JpkiProvider provider;
  private final PrivateKey key;
  private final List<X509Certificate> chain;

  private CardSigningKey(JpkiProvider provider, PrivateKey key, List<X509Certificate> chain) {
    this.provider = provider;
    this.key = key;
    this.chain = chain;
  }

  /**
   * Asks for the consent (signature key only) and the PIN on {@code card}, and opens the key.
   *
   * @return null when the consent was not given (nothing was sent to the card)
   */
  static CardSigningKey unlock(
      JpkiCommand root,
      JpkiCard card,
      PinCommand.PinKind kind,
      PinOptions pinOptions,
      boolean sharePersonalData)
      throws Exception {
    JpkiKey cardKey = kind.key;
    if (cardKey == JpkiKey.SIGN) {
      card.requireSignatureKeyPair();
      Console console = Terminal.console();
      if (!PersonalDataConsent.obtain(
          sharePersonalData, console == null ? null : console::readLine, root.err, "jpki: ")) {
        return null;
      }
    }
    root.pinPrompter(pinOptions).verify(card, cardKey.pin());
    // From here on, the standard APIs: the card's keystore and its Signature, through JPKI.
    JpkiProvider provider = new JpkiProvider();
    KeyStore store = KeyStore.getInstance(JpkiProvider.KEYSTORE_TYPE, provider);
    store.load(JpkiLoadParameter.forCard(card).withSignatureKey(cardKey == JpkiKey.SIGN));
    String alias = kind.name();
    PrivateKey privateKey = (PrivateKey) store.getKey(alias, null);
    List<X509Certificate> chain =
        Arrays.stream(store.getCertificateChain(alias)).map(c -> (X509Certificate) c).toList();
    return new CardSigningKey(provider, privateKey, chain);
  }

  /** The signer's certificate, then its CA's. */
  List<X509Certificate> chain() {
    return chain;
  }

  /** Detached CMS SignedData over {@code content}, signed by the card. */
  byte[] signDetached(String signatureAlgorithm, InputStream content, Instant signingTime)
      throws IOException, GeneralSecurityException {
    return CmsSigner.signDetached(provider, key, chain, signatureAlgorithm, content, signingTime);
  }
}
