package io.github.jpki4j.jca;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.ReadMode;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.security.auth.callback.CallbackHandler;
import javax.smartcardio.CardTerminal;

/**
 * How to load a {@code JPKI} {@link KeyStore}: where the PINs come from, which card, and the
 * options the plain {@code load(InputStream, char[])} cannot carry. Immutable; each {@code with}
 * method returns a changed copy.
 *
 * <pre>{@code
 * KeyStore ks = KeyStore.getInstance("JPKI", new JpkiProvider());
 * ks.load(JpkiLoadParameter.callbackHandler(handler).withSignatureKey(true));
 * }</pre>
 *
 * <p>PINs, as with PKCS#11 tokens (see {@link JpkiKeyStoreSpi}):
 *
 * <ul>
 *   <li>{@link #pin(char[])}: the auth PIN (4 digits) gives the {@code auth} entry; the signature
 *       password (6–16 of A–Z and 0–9) gives both entries.
 *   <li>{@link #callbackHandler(CallbackHandler)}: the handler is asked (a {@link
 *       javax.security.auth.callback.PasswordCallback} whose prompt shows the tries left) only when
 *       the card needs a PIN: for the signature password at load when {@link
 *       #withSignatureKey(boolean)}, for the auth PIN at the first signature.
 *   <li>{@link #forCard(JpkiCard)}: an open session whose PINs the caller verifies itself (the
 *       {@code jpki} command does, with its own prompts); the keystore sends no VERIFY.
 * </ul>
 *
 * <p>The last try of a PIN is never spent unless {@link #withAllowLastTry(boolean)} or the system
 * property {@code jpki.allowLastTry=true} says so.
 */
public final class JpkiLoadParameter implements KeyStore.LoadStoreParameter {
  /** System property that allows spending a PIN's last try ({@code true}); default: refuse. */
  public static final String ALLOW_LAST_TRY_PROPERTY = "jpki.allowLastTry";

  private final KeyStore.ProtectionParameter protection;
  private final JpkiCard card;
  private final boolean signatureKey;
  private final boolean allowLastTry;
  private final Path simulator;
  private final String reader;
  private final CardTerminal terminal;
  private final ReadMode readMode;
  private final UnaryOperator<ApduTransport> transport;

  private JpkiLoadParameter(
      KeyStore.ProtectionParameter protection,
      JpkiCard card,
      boolean signatureKey,
      boolean allowLastTry,
      Path simulator,
      String reader,
      CardTerminal terminal,
      ReadMode readMode,
      UnaryOperator<ApduTransport> transport) {
    this.protection = protection;
    this.card = card;
    this.signatureKey = signatureKey;
    this.allowLastTry = allowLastTry;
    this.simulator = simulator;
    this.reader = reader;
    this.terminal = terminal;
    this.readMode = readMode;
    this.transport = transport;
  }

  /** Load with a PIN (copied; wipe yours when you like). {@code null}: no PIN. */
  public static JpkiLoadParameter pin(char[] pin) {
    return of(pin == null ? null : new KeyStore.PasswordProtection(pin), null);
  }

  /** Load without a PIN: the {@code auth} entry, whose key cannot sign without one. */
  public static JpkiLoadParameter noPin() {
    return pin(null);
  }

  /** Ask {@code handler} for each PIN when the card needs it. */
  public static JpkiLoadParameter callbackHandler(CallbackHandler handler) {
    return of(new KeyStore.CallbackHandlerProtection(Objects.requireNonNull(handler)), null);
  }

  /**
   * Use an open session (the caller keeps it and closes it; the keystore never does). The caller
   * verifies the PINs: the keystore sends no VERIFY, and a signature fails if the key's PIN is not
   * verified. {@link #withSignatureKey(boolean)} adds the {@code sign} entry, whose certificate the
   * card gives only after the signature password.
   */
  public static JpkiLoadParameter forCard(JpkiCard card) {
    return of(null, Objects.requireNonNull(card));
  }

  // the PINs' source or the session; every option at its default
  private static JpkiLoadParameter of(KeyStore.ProtectionParameter protection, JpkiCard card) {
    return new JpkiLoadParameter(
        protection, card, false, false, null, null, null, null, UnaryOperator.identity());
  }

  /**
   * Whether to add the {@code sign} entry when the PIN comes from a callback handler (then asked
   * for the signature password at load) or from the caller ({@link #forCard}). A signature password
   * given as the PIN always adds it.
   */
  public JpkiLoadParameter withSignatureKey(boolean include) {
    return new JpkiLoadParameter(
        protection, card, include, allowLastTry, simulator, reader, terminal, readMode, transport);
  }

  /** Whether a PIN may be sent when only one try is left (a wrong one then blocks it). */
  public JpkiLoadParameter withAllowLastTry(boolean allow) {
    return new JpkiLoadParameter(
        protection, card, signatureKey, allow, simulator, reader, terminal, readMode, transport);
  }

  /** Use the simulated card kept in {@code dir} (needs jpki-applet and jcardsim). */
  public JpkiLoadParameter withSimulator(Path dir) {
    return new JpkiLoadParameter(
        protection,
        card,
        signatureKey,
        allowLastTry,
        Objects.requireNonNull(dir),
        null,
        null,
        readMode,
        transport);
  }

  /** Use this PC/SC reader: its index, its name or a unique part of it. */
  public JpkiLoadParameter withReader(String nameOrIndex) {
    return new JpkiLoadParameter(
        protection,
        card,
        signatureKey,
        allowLastTry,
        null,
        Objects.requireNonNull(nameOrIndex),
        null,
        readMode,
        transport);
  }

  /** Use the card in this terminal (of any {@code javax.smartcardio} provider). */
  public JpkiLoadParameter withTerminal(CardTerminal terminal) {
    return new JpkiLoadParameter(
        protection,
        card,
        signatureKey,
        allowLastTry,
        null,
        null,
        Objects.requireNonNull(terminal),
        readMode,
        transport);
  }

  /** How certificates are read (default: {@code jpki.extendedApdu}, else short reads). */
  public JpkiLoadParameter withReadMode(ReadMode mode) {
    return new JpkiLoadParameter(
        protection,
        card,
        signatureKey,
        allowLastTry,
        simulator,
        reader,
        terminal,
        Objects.requireNonNull(mode),
        transport);
  }

  /**
   * Wraps the card connection, e.g. in an {@link io.github.jpki4j.apdu.TracingTransport} or a
   * {@link io.github.jpki4j.apdu.CountingTransport}. Not used with {@link #forCard}.
   */
  public JpkiLoadParameter withTransport(UnaryOperator<ApduTransport> decorator) {
    return new JpkiLoadParameter(
        protection,
        card,
        signatureKey,
        allowLastTry,
        simulator,
        reader,
        terminal,
        readMode,
        Objects.requireNonNull(decorator));
  }

  @Override
  public KeyStore.ProtectionParameter getProtectionParameter() {
    return protection;
  }

  JpkiCard card() {
    return card;
  }

  boolean signatureKey() {
    return signatureKey;
  }

  boolean allowLastTry() {
    return allowLastTry;
  }

  Path simulator() {
    return simulator;
  }

  String reader() {
    return reader;
  }

  CardTerminal terminal() {
    return terminal;
  }

  ReadMode readMode() {
    return readMode;
  }

  UnaryOperator<ApduTransport> transport() {
    return transport;
  }
}
