package io.github.jpki4j.jca;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSelector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinPolicy;
import io.github.jpki4j.jpki.PinPrompt;
import io.github.jpki4j.jpki.PinRequiredException;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.jpki.WrongPinException;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * One loaded keystore's session with the card, shared by the keystore and its key handles.
 *
 * <p>The PIN rules: a PIN is verified only when the card needs it (reading the signature
 * certificate, or signing) and at most once per session. A PIN given ahead ({@link #offerPin}) is
 * kept, as a {@code char[]} only, until then, and wiped once sent; otherwise the callback handler
 * is asked, after the counter (free) was read and the driver's {@link PinPolicy} allowed asking,
 * with its {@link PinPrompt}. {@link JpkiCard#verifyPin} checks the format before anything is sent
 * and applies the policy again. A PIN the card refused is never sent again in this session.
 *
 * <p>Thread-safe (one lock); the card is released by {@link #close()}, or when the session is
 * unreachable.
 */
final class CardSession {
  /** How long to wait for a card in a PC/SC reader, as the CLI does. */
  static final Duration CARD_WAIT = Duration.ofSeconds(5);

  private static final class Cleaners {
    static final Cleaner CLEANER = Cleaner.create();
  }

  /**
   * What the session holds: the card, and the PINs kept for later. Run once, by close() or by the
   * cleaner when the session is unreachable: the PINs are wiped either way.
   */
  private static final class Resources implements Runnable {
    private final JpkiCard card;
    private final CardLocator.Connection connection;
    private final Map<JpkiPin, char[]> offered = new EnumMap<>(JpkiPin.class);

    /**
     * @param connection the connection this session opened, or null for the caller's session
     */
    Resources(JpkiCard card, CardLocator.Connection connection) {
      this.card = card;
      this.connection = connection;
    }

    @Override
    public void run() {
      synchronized (offered) {
        for (char[] value : offered.values()) {
          Arrays.fill(value, '\0');
        }
        offered.clear();
      }
      if (connection == null) {
        return;
      }
      connection.closeWithReset(); // the card forgets the PINs verified in this session
      card.close();
    }
  }

  private final JpkiCard card;
  private final CallbackHandler handler;
  private final PinPolicy pinPolicy;
  private final boolean callerVerifies;
  private final Cleaner.Cleanable cleanable;
  private final Map<JpkiPin, char[]> offered;
  private final Set<JpkiPin> verified = EnumSet.noneOf(JpkiPin.class);
  private final Map<JpkiPin, String> refused = new EnumMap<>(JpkiPin.class);
  private boolean closed;

  private CardSession(
      Resources resources, CallbackHandler handler, boolean allowLastTry, boolean callerVerifies) {
    this.card = resources.card;
    this.offered = resources.offered;
    this.handler = handler;
    this.pinPolicy = pinPolicy(allowLastTry);
    this.callerVerifies = callerVerifies;
    this.cleanable = Cleaners.CLEANER.register(this, resources);
  }

  /**
   * Connects to the card the parameter (else the system properties, else the environment) names and
   * selects the JPKI AP; or wraps the caller's open session.
   */
  static CardSession open(
      JpkiLoadParameter parameter, CallbackHandler handler, boolean allowLastTry)
      throws IOException, CardCommandException {
    if (parameter.card() != null) {
      return new CardSession(new Resources(parameter.card(), null), handler, allowLastTry, true);
    }
    CardSettings settings = settings(parameter, System.getProperties(), System.getenv());
    CardLocator.Connection connection = new CardLocator(settings).connect(CARD_WAIT);
    try {
      ApduTransport transport = parameter.transport().apply(connection.transport());
      JpkiCard card = JpkiCard.open(transport, settings.readMode());
      return new CardSession(new Resources(card, connection), handler, allowLastTry, false);
    } catch (IOException | CardCommandException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * The card settings with the load parameter as the layer given directly (its simulator, reader,
   * read mode), above the system properties and the environment; a terminal given wins.
   */
  static CardSettings settings(
      JpkiLoadParameter parameter, Properties properties, Map<String, String> env) {
    ReadMode mode = parameter.readMode();
    CardSettings.Layer given =
        new CardSettings.Layer(
            parameter.simulator() == null ? null : parameter.simulator().toString(),
            parameter.reader(),
            mode == null ? null : mode == ReadMode.EXTENDED);
    CardSettings settings = CardSettings.resolve(given, properties, env);
    return parameter.terminal() == null
        ? settings
        : settings.withCard(new CardSelector.Terminal(parameter.terminal()));
  }

  /** Reads (once per session) a certificate; the signature certificate needs its PIN first. */
  synchronized X509Certificate certificate(JpkiCertificate which)
      throws CardCommandException, TransportException {
    requireOpen();
    return card.readCertificate(which);
  }

  /** Whether the card has the signature key pair (a SELECT; no PIN). */
  synchronized void requireSignatureKeyPair() throws CardCommandException, TransportException {
    requireOpen();
    card.requireSignatureKeyPair();
  }

  /**
   * Keeps a PIN (a copy) to verify when the card first needs it. Ignored once the PIN was verified
   * or refused in this session; replaces one given earlier and not used yet.
   */
  synchronized void offerPin(JpkiPin pin, char[] value) {
    if (closed || callerVerifies || verified.contains(pin) || refused.containsKey(pin)) {
      return;
    }
    synchronized (offered) {
      char[] old = offered.put(pin, value.clone());
      if (old != null) {
        Arrays.fill(old, '\0');
      }
    }
  }

  /**
   * Verifies a PIN unless it was verified in this session: with the PIN offered, else the one the
   * callback handler gives. At most one VERIFY per PIN and session.
   *
   * @throws PinUnavailableException no PIN was given, or the handler gave none
   */
  synchronized void ensureVerified(JpkiPin pin)
      throws CardCommandException, TransportException, PinUnavailableException {
    requireOpen();
    if (callerVerifies || verified.contains(pin)) {
      return;
    }
    String earlier = refused.get(pin);
    if (earlier != null) {
      throw new PinUnavailableException(
          "the card refused the "
              + pin.label()
              + " earlier in"
              + " this session ("
              + earlier
              + "); it is not sent again: load the keystore again with"
              + " the right one");
    }
    char[] value;
    synchronized (offered) {
      value = offered.remove(pin);
    }
    if (value == null) {
      value = ask(pin);
    }
    try {
      card.verifyPin(pin, value, pinPolicy);
      verified.add(pin);
    } catch (WrongPinException | PinBlockedException e) {
      refused.put(pin, e.getMessage());
      throw e;
    } finally {
      Arrays.fill(value, '\0');
    }
  }

  /** Reads the counter (free), lets the policy refuse or word the prompt, then asks the handler. */
  private char[] ask(JpkiPin pin)
      throws CardCommandException, TransportException, PinUnavailableException {
    if (handler == null) {
      throw new PinUnavailableException(
          "the "
              + pin.label()
              + " is needed and was not given:"
              + " load the keystore with it as the password"
              + (pin == JpkiPin.AUTH ? ", give it to getKey(\"auth\", pin)," : "")
              + " or load it with a CallbackHandler");
    }
    PinPrompt prompt = pinPolicy.promptFor(card.pinStatus(pin));
    PasswordCallback callback = new PasswordCallback(prompt.promptNamingTheCard(), false);
    try {
      handler.handle(new Callback[] {callback});
    } catch (UnsupportedCallbackException | IOException | RuntimeException e) {
      throw new PinUnavailableException("could not ask for the " + pin.label() + ": " + e, e);
    }
    char[] value = callback.getPassword();
    callback.clearPassword();
    if (value == null) {
      throw new PinUnavailableException("no " + pin.label() + " was given (cancelled)");
    }
    return value;
  }

  /** The driver's policy, with the provider's own switch named in its advice. */
  static PinPolicy pinPolicy(boolean allowLastTry) {
    return PinPolicy.refusingLastTry(
            "set the system property "
                + JpkiLoadParameter.ALLOW_LAST_TRY_PROPERTY
                + "=true, or JpkiLoadParameter.withAllowLastTry, if you are sure of it")
        .allowingLastTry(allowLastTry);
  }

  /** Signs a DigestInfo with a card key, verifying its PIN first if this session has not. */
  synchronized byte[] sign(JpkiKey key, byte[] digestInfo) throws SignatureException {
    if (closed) {
      throw new SignatureException(
          "the JPKI keystore session is closed: load the keystore" + " again");
    }
    try {
      ensureVerified(key.pin());
      return card.sign(key, digestInfo);
    } catch (PinRequiredException e) {
      throw new SignatureException(
          callerVerifies
              ? e.getMessage()
              : "the card no longer holds the verified "
                  + key.pin().label()
                  + " (was it reset by"
                  + " another program?); load the keystore again",
          e);
    } catch (CardCommandException | TransportException | PinUnavailableException e) {
      throw new SignatureException(message(e), e);
    }
  }

  /** A failure's message, or its class when it has none. */
  static String message(Exception e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the JPKI keystore session is closed");
    }
  }

  synchronized boolean isOpen() {
    return !closed;
  }

  /**
   * Wipes the PINs kept and releases the card with a reset (it forgets the verified PINs). A
   * session over the caller's card releases nothing. Idempotent.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    cleanable.clean();
  }
}
