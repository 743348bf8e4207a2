package io.github.jpki4j.jca;

import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The {@code JPKI} security provider: the My Number Card's JPKI keys through the standard APIs,
 * with no native middleware.
 *
 * <ul>
 *   <li>{@code KeyStore} type {@code JPKI} ({@link JpkiKeyStoreSpi}): aliases {@code auth} and
 *       {@code sign}; the store password is a PIN.
 *   <li>{@code Signature} {@code SHA256withRSA}, {@code SHA384withRSA}, {@code SHA512withRSA}
 *       ({@link JpkiSignature}) for the keystore's {@link JpkiPrivateKey} handles only, so the
 *       JDK's delayed provider selection routes those keys here and every other key elsewhere.
 * </ul>
 *
 * <p>Install it with {@code Security.addProvider(new JpkiProvider())}, or name it to the JDK's
 * tools: {@code -providerClass io.github.jpki4j.jca.JpkiProvider -providerPath JARS}, or {@code
 * -addprovider JPKI} with the jars on the class path ({@code META-INF/services}).
 */
public final class JpkiProvider extends Provider {
  private static final long serialVersionUID = 1L;

  /** The provider's name. */
  public static final String NAME = "JPKI";

  /** The keystore type. */
  public static final String KEYSTORE_TYPE = "JPKI";

  private final transient Set<CardSession> sessions =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  public JpkiProvider() {
    super(
        NAME,
        "0.1",
        "jpki4j: the My Number Card's JPKI keys (KeyStore JPKI) and their"
            + " SHA256/384/512withRSA signatures, made by the card through javax.smartcardio");
    putService(
        new JpkiService(
            this,
            "KeyStore",
            KEYSTORE_TYPE,
            JpkiKeyStoreSpi.class.getName(),
            List.of(),
            Map.of(),
            () -> new JpkiKeyStoreSpi(this)));
    signature(
        "SHA256withRSA",
        "1.2.840.113549.1.1.11",
        JpkiSignature.Sha256.class,
        JpkiSignature.Sha256::new);
    signature(
        "SHA384withRSA",
        "1.2.840.113549.1.1.12",
        JpkiSignature.Sha384.class,
        JpkiSignature.Sha384::new);
    signature(
        "SHA512withRSA",
        "1.2.840.113549.1.1.13",
        JpkiSignature.Sha512.class,
        JpkiSignature.Sha512::new);
  }

  private void signature(String name, String oid, Class<?> type, Supplier<Object> factory) {
    putService(
        new JpkiService(
            this,
            "Signature",
            name,
            type.getName(),
            List.of(oid, "OID." + oid),
            Map.of("SupportedKeyClasses", JpkiPrivateKey.class.getName()),
            factory));
  }

  /**
   * Ends every keystore session opened through this provider instance: PINs kept for later are
   * wiped, the card is released with a reset (it forgets the verified PINs), and their keys can no
   * longer sign. Keystores must be loaded again.
   */
  public void closeSessions() {
    List<CardSession> open;
    synchronized (sessions) {
      open = new ArrayList<>(sessions);
      sessions.clear();
    }
    for (CardSession s : open) {
      s.close();
    }
  }

  void track(CardSession session) {
    sessions.add(session);
  }

  /** A service that makes its engine with a factory instead of reflection. */
  private static final class JpkiService extends Provider.Service {
    private final Supplier<Object> factory;

    JpkiService(
        Provider provider,
        String type,
        String algorithm,
        String className,
        List<String> aliases,
        Map<String, String> attributes,
        Supplier<Object> factory) {
      super(provider, type, algorithm, className, aliases, attributes);
      this.factory = factory;
    }

    @Override
    public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
      if (constructorParameter != null) {
        throw new InvalidParameterException(getType() + " takes no constructor parameter");
      }
      return factory.get();
    }
  }
}
