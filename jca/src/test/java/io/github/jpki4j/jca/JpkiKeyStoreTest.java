package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.apdu.CountingTransport;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.WrongPinException;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JPKI keystore and signatures, in process, on simulated cards. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JpkiKeyStoreTest {
  private static final byte[] DATA = "the data to sign".getBytes(StandardCharsets.UTF_8);
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  private final JpkiProvider provider = new JpkiProvider();
  private final List<VirtualCard> cards = new ArrayList<>();
  private RecordingTransport recorder;
  private CountingTransport counter;

  @AfterEach
  void closeEverything() {
    provider.closeSessions();
    cards.forEach(VirtualCard::close);
    System.clearProperty(JpkiLoadParameter.ALLOW_LAST_TRY_PROPERTY);
    System.clearProperty(CardSettings.SIMULATOR_PROPERTY);
  }

  private VirtualCard card(PinState pins) {
    VirtualCard card = VirtualCard.create(ID, pins);
    cards.add(card);
    return card;
  }

  /** A parameter for a fresh in-memory card, with the recorder and the counter on its wire. */
  private JpkiLoadParameter on(VirtualCard card, JpkiLoadParameter p) {
    return p.withTerminal(card.terminal())
        .withTransport(
            t -> {
              counter = new CountingTransport(t);
              recorder = new RecordingTransport(counter);
              return recorder;
            });
  }

  private KeyStore load(VirtualCard card, JpkiLoadParameter p) throws Exception {
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    ks.load(on(card, p));
    return ks;
  }

  private KeyStore load(VirtualCard card, String pin) throws Exception {
    return load(card, JpkiLoadParameter.pin(pin.toCharArray()));
  }

  private static byte[] sign(KeyStore ks, String alias, String algorithm) throws Exception {
    Signature s = Signature.getInstance(algorithm, ks.getProvider());
    s.initSign((PrivateKey) ks.getKey(alias, null));
    s.update(DATA);
    return s.sign();
  }

  private static boolean verifies(Certificate cert, String algorithm, byte[] signature)
      throws Exception {
    Signature v = Signature.getInstance(algorithm);
    v.initVerify(cert.getPublicKey());
    v.update(DATA);
    return v.verify(signature);
  }

  @Test
  void theAuthPinGivesTheAuthEntryAndLoadingSendsNoPin() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "1234");
    assertEquals(List.of("auth"), Collections.list(ks.aliases()));
    assertEquals(0, recorder.count(RecordingTransport.VERIFY), "loading sends no VERIFY at all");
    Certificate[] chain = ks.getCertificateChain("auth");
    assertEquals(2, chain.length);
    assertEquals(ID.authCertificate(), chain[0]);
    assertEquals(ID.authCaCertificate(), chain[1]);
    assertTrue(ks.isKeyEntry("auth"));
    assertFalse(ks.isCertificateEntry("auth"));
    assertEquals("auth", ks.getCertificateAlias(ID.authCertificate()));
    assertNull(ks.getKey("sign", "ABC123".toCharArray()));
    assertEquals(ID.authCertificate().getNotBefore(), ks.getCreationDate("auth"));
    assertInstanceOf(KeyStore.PrivateKeyEntry.class, ks.getEntry("AUTH", null));
  }

  @Test
  void theSignaturePasswordGivesBothEntriesWithOneVerify() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "ABC123");
    assertEquals(List.of("auth", "sign"), Collections.list(ks.aliases()));
    assertEquals(1, recorder.pinsSent(), "the signature certificate needs the password, once");
    assertArrayEquals(
        new Certificate[] {ID.signCertificate(), ID.signCaCertificate()},
        ks.getCertificateChain("sign"));
    byte[] sig = sign(ks, "sign", "SHA256withRSA");
    assertTrue(verifies(ID.signCertificate(), "SHA256withRSA", sig));
    assertEquals(1, recorder.pinsSent(), "signing needs no second VERIFY");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.jpki4j.sim.CardProfile#eachWithoutSignatureKeyPair")
  void aCardWithoutTheSignatureKeyPairIsToldBeforeAnyPasswordIsSent(
      io.github.jpki4j.sim.CardProfile profile) throws Exception {
    VirtualCard card = VirtualCard.create(ID, PinState.defaults(), profile);
    cards.add(card);
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    IOException e =
        assertThrows(
            IOException.class,
            () -> ks.load(on(card, JpkiLoadParameter.pin("ABC123".toCharArray()))));
    assertEquals(
        "no signature key on this card (cards of holders under 15 have none)", e.getMessage());
    assertEquals(0, recorder.pinsSent());
    assertEquals(List.of("auth"), Collections.list(load(card, "1234").aliases()));
  }

  @Test
  void aLowerCaseSignaturePasswordIsUpperCasedLikeTheCli() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "abc123");
    assertTrue(ks.containsAlias("sign"));
  }

  @Test
  void everyDigestSignsWithBothKeys() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "ABC123");
    ks.getKey("auth", "1234".toCharArray()); // the auth PIN, as a key password
    for (String alg : List.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA")) {
      assertTrue(verifies(ID.signCertificate(), alg, sign(ks, "sign", alg)), alg);
      assertTrue(verifies(ID.authCertificate(), alg, sign(ks, "auth", alg)), alg);
    }
    assertEquals(2, recorder.pinsSent(), "one VERIFY per PIN and load");
  }

  @Test
  void apdusPerSignatureAndNoCertificateReadAfterTheFirst() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "1234");
    int load = counter.apdus();
    recorder.clear();
    counter.reset();
    sign(ks, "auth", "SHA256withRSA");
    int first = counter.apdus();
    assertEquals(0, recorder.count(RecordingTransport.READ_BINARY));
    assertEquals(1, recorder.pinsSent());
    recorder.clear();
    counter.reset();
    sign(ks, "auth", "SHA256withRSA");
    int second = counter.apdus();
    assertEquals(0, recorder.count(RecordingTransport.READ_BINARY), "no certificate read");
    assertEquals(0, recorder.count(RecordingTransport.VERIFY), "no PIN, no counter read");
    assertEquals(2, second, "SELECT key + COMPUTE DIGITAL SIGNATURE");
    assertEquals(5, first, "SELECT PIN, counter, VERIFY, SELECT key, COMPUTE DIGITAL SIGNATURE");
    System.out.printf(
        "JPKI provider APDUs: load with the auth PIN %d, first signature %d,"
            + " second signature %d (%d bytes)%n",
        load, first, second, counter.bytes());
  }

  @Test
  void theSignatureKeyNeedsNoVerifyAfterTheLoad() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "ABC123");
    int load = counter.apdus();
    int loadReads = recorder.count(RecordingTransport.READ_BINARY);
    List<Integer> perSignature = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      recorder.clear();
      counter.reset();
      sign(ks, "sign", "SHA256withRSA");
      assertEquals(
          List.of(0, 0, 1),
          List.of(
              recorder.count(RecordingTransport.READ_BINARY),
              recorder.count(RecordingTransport.VERIFY),
              recorder.count(RecordingTransport.SIGN)));
      perSignature.add(counter.apdus());
    }
    assertEquals(List.of(2, 2), perSignature);
    System.out.printf(
        "JPKI provider APDUs: load with the signature password %d (%d READ BINARY),"
            + " then %s per signature with the sign key%n",
        load, loadReads, perSignature);
  }

  @Test
  void aMalformedPasswordFailsTheLoadWithoutTouchingTheCard() throws Exception {
    VirtualCard card = card(PinState.defaults());
    for (String bad : List.of("12345", "12a4", "ABC", "ABC-123", "ABCDEFGHIJKLMNOPQ")) {
      KeyStore ks = KeyStore.getInstance("JPKI", provider);
      recorder = null;
      IOException e =
          assertThrows(
              IOException.class,
              () -> ks.load(on(card, JpkiLoadParameter.pin(bad.toCharArray()))),
              bad);
      assertInstanceOf(UnrecoverableKeyException.class, e.getCause());
      assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
      assertFalse(e.getMessage().contains(bad), "the message holds no PIN");
      assertNull(recorder, "no connection was even made");
    }
    assertEquals(PinState.defaults(), card.pinState());
  }

  @Test
  void aWrongSignaturePasswordFailsTheLoadAndCostsOneTry() throws Exception {
    VirtualCard card = card(PinState.defaults());
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    IOException e =
        assertThrows(
            IOException.class,
            () -> ks.load(on(card, JpkiLoadParameter.pin("XYZ999".toCharArray()))));
    assertInstanceOf(UnrecoverableKeyException.class, e.getCause());
    assertInstanceOf(WrongPinException.class, e.getCause().getCause());
    assertEquals("wrong signature password: 4 tries left", e.getMessage());
    assertEquals(4, card.pinState().signTriesLeft());
    assertEquals(1, recorder.pinsSent());
  }

  @Test
  void aWrongAuthPinFailsTheFirstSignatureAndIsNeverSentAgain() throws Exception {
    VirtualCard card = card(PinState.defaults());
    KeyStore ks = load(card, "9999");
    assertEquals(3, card.pinState().authTriesLeft(), "loading costs no try");
    SignatureException first =
        assertThrows(SignatureException.class, () -> sign(ks, "auth", "SHA256withRSA"));
    assertEquals("wrong auth PIN: 2 tries left", first.getMessage());
    assertInstanceOf(WrongPinException.class, first.getCause());
    SignatureException second =
        assertThrows(SignatureException.class, () -> sign(ks, "auth", "SHA256withRSA"));
    assertTrue(second.getMessage().contains("not sent again"), second.getMessage());
    assertEquals(1, recorder.pinsSent());
    assertEquals(2, card.pinState().authTriesLeft());
  }

  @Test
  void theLastTryIsRefusedUnlessAllowed() throws Exception {
    VirtualCard card = card(PinState.defaults().withSignTriesLeft(1).withAuthTriesLeft(1));
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    IOException e =
        assertThrows(
            IOException.class,
            () -> ks.load(on(card, JpkiLoadParameter.pin("ABC123".toCharArray()))));
    assertInstanceOf(LastTryRefusedException.class, e.getCause().getCause());
    assertTrue(e.getMessage().contains("jpki.allowLastTry=true"), e.getMessage());
    assertEquals(0, recorder.pinsSent());

    KeyStore auth = load(card, "1234");
    SignatureException s =
        assertThrows(SignatureException.class, () -> sign(auth, "auth", "SHA256withRSA"));
    assertInstanceOf(LastTryRefusedException.class, s.getCause());
    assertEquals(0, recorder.pinsSent());

    load(card, JpkiLoadParameter.pin("ABC123".toCharArray()).withAllowLastTry(true));
    assertEquals(1, recorder.pinsSent());
    assertEquals(5, card.pinState().signTriesLeft(), "right: the counter is full again");

    System.setProperty(JpkiLoadParameter.ALLOW_LAST_TRY_PROPERTY, "true");
    KeyStore allowed = load(card, "1234");
    assertTrue(
        verifies(ID.authCertificate(), "SHA256withRSA", sign(allowed, "auth", "SHA256withRSA")));
    assertEquals(3, card.pinState().authTriesLeft());
  }

  @Test
  void aBlockedPinIsNeverSent() throws Exception {
    VirtualCard card = card(PinState.defaults().withAuthTriesLeft(0));
    KeyStore ks = load(card, JpkiLoadParameter.pin("1234".toCharArray()).withAllowLastTry(true));
    SignatureException e =
        assertThrows(SignatureException.class, () -> sign(ks, "auth", "SHA256withRSA"));
    assertInstanceOf(PinBlockedException.class, e.getCause());
    assertEquals(0, recorder.pinsSent());
  }

  /** A handler that answers from a list and records its prompts. */
  private static final class ScriptedHandler implements CallbackHandler {
    final List<String> prompts = new ArrayList<>();
    final List<String> answers;

    ScriptedHandler(String... answers) {
      this.answers = new ArrayList<>(java.util.Arrays.asList(answers));
    }

    @Override
    public void handle(javax.security.auth.callback.Callback[] callbacks) {
      for (var c : callbacks) {
        PasswordCallback p = (PasswordCallback) c;
        prompts.add(p.getPrompt());
        String answer = answers.remove(0);
        p.setPassword(answer == null ? null : answer.toCharArray());
      }
    }
  }

  @Test
  void aCallbackHandlerIsAskedOnlyWhenTheCardNeedsThePin() throws Exception {
    ScriptedHandler handler = new ScriptedHandler("1234");
    KeyStore ks = load(card(PinState.defaults()), JpkiLoadParameter.callbackHandler(handler));
    assertEquals(List.of("auth"), Collections.list(ks.aliases()));
    assertEquals(List.of(), handler.prompts, "loading asks for nothing");
    sign(ks, "auth", "SHA256withRSA");
    sign(ks, "auth", "SHA384withRSA");
    assertEquals(
        List.of("My Number Card auth PIN (4 digits, 3 of 3 tries left): "),
        handler.prompts,
        "asked once for two signatures");
  }

  @Test
  void aCallbackHandlerWithTheSignatureKeyIsAskedForThePasswordAtLoad() throws Exception {
    ScriptedHandler handler = new ScriptedHandler("ABC123", "1234");
    VirtualCard card = card(PinState.defaults().withSignTriesLeft(3));
    KeyStore ks = load(card, JpkiLoadParameter.callbackHandler(handler).withSignatureKey(true));
    assertEquals(List.of("auth", "sign"), Collections.list(ks.aliases()));
    assertEquals(
        List.of(
            "My Number Card signature password (6-16 letters A-Z and digits,"
                + " 3 of 5 tries left): "),
        handler.prompts);
    sign(ks, "sign", "SHA256withRSA");
    sign(ks, "auth", "SHA256withRSA");
    assertEquals(2, handler.prompts.size());
    assertEquals(2, recorder.pinsSent());
  }

  @Test
  void theJdkKeyStoreBuilderWithACallbackHandler(@TempDir Path dir) throws Exception {
    VirtualCard.open(dir).close(); // a persistent card, found through -Djpki.simulator
    System.setProperty(CardSettings.SIMULATOR_PROPERTY, dir.toString());
    ScriptedHandler handler = new ScriptedHandler("1234");
    KeyStore.Builder builder =
        KeyStore.Builder.newInstance(
            "JPKI", provider, new KeyStore.CallbackHandlerProtection(handler));
    KeyStore ks = builder.getKeyStore();
    KeyStore.PrivateKeyEntry entry =
        (KeyStore.PrivateKeyEntry) ks.getEntry("auth", builder.getProtectionParameter("auth"));
    assertEquals(List.of(), handler.prompts);
    Signature s = Signature.getInstance("SHA256withRSA", provider);
    s.initSign(entry.getPrivateKey());
    s.update(DATA);
    assertTrue(verifies(entry.getCertificate(), "SHA256withRSA", s.sign()));
    assertEquals(1, handler.prompts.size());
  }

  @Test
  void aCancelledPromptSendsNothingAndMayBeAskedAgain() throws Exception {
    ScriptedHandler handler = new ScriptedHandler(null, "1234");
    KeyStore ks = load(card(PinState.defaults()), JpkiLoadParameter.callbackHandler(handler));
    SignatureException e =
        assertThrows(SignatureException.class, () -> sign(ks, "auth", "SHA256withRSA"));
    assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    assertEquals(0, recorder.pinsSent());
    sign(ks, "auth", "SHA256withRSA");
    assertEquals(1, recorder.pinsSent());
  }

  @Test
  void withoutAPinTheAuthKeySaysWhereToGiveIt() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), JpkiLoadParameter.noPin());
    assertEquals(List.of("auth"), Collections.list(ks.aliases()));
    SignatureException e =
        assertThrows(SignatureException.class, () -> sign(ks, "auth", "SHA256withRSA"));
    assertTrue(e.getMessage().contains("auth PIN is needed"), e.getMessage());
    ks.getKey("auth", "1234".toCharArray());
    sign(ks, "auth", "SHA256withRSA");
  }

  @Test
  void theKeyIsAHandle() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "1234");
    PrivateKey key = (PrivateKey) ks.getKey("auth", null);
    assertEquals("RSA", key.getAlgorithm());
    assertNull(key.getEncoded());
    assertNull(key.getFormat());
    assertFalse(key instanceof RSAPrivateKey);
    assertEquals(
        ((RSAPublicKey) ID.authCertificate().getPublicKey()).getModulus(),
        ((RSAKey) key).getModulus());
    assertEquals(JpkiKey.AUTH, ((JpkiPrivateKey) key).cardKey());
    assertEquals("JPKI card key 'auth' (RSA 2048)", key.toString());
    assertThrows(
        NotSerializableException.class,
        () -> new ObjectOutputStream(OutputStream.nullOutputStream()).writeObject(key));
  }

  @Test
  void theJdkPicksThisProviderForCardKeysOnly() throws Exception {
    Security.addProvider(provider);
    try {
      KeyStore ks = load(card(PinState.defaults()), "1234");
      Signature s = Signature.getInstance("SHA256withRSA"); // delayed provider selection
      s.initSign((PrivateKey) ks.getKey("auth", null));
      assertEquals("JPKI", s.getProvider().getName());
      s.update(DATA);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withRSA");
      v.initVerify(ID.authCertificate().getPublicKey());
      assertNotEquals("JPKI", v.getProvider().getName());
      v.update(DATA);
      assertTrue(v.verify(sig));
      Signature byOid = Signature.getInstance("1.2.840.113549.1.1.13", provider);
      byOid.initSign((PrivateKey) ks.getKey("auth", null));
      byOid.update(DATA);
      assertTrue(verifies(ID.authCertificate(), "SHA512withRSA", byOid.sign()));
    } finally {
      Security.removeProvider("JPKI");
    }
  }

  @Test
  void theStoreIsReadOnlyAndReadsNoFile() throws Exception {
    KeyStore ks = load(card(PinState.defaults()), "1234");
    assertThrows(
        KeyStoreException.class, () -> ks.setCertificateEntry("x", ID.authCaCertificate()));
    assertThrows(KeyStoreException.class, () -> ks.deleteEntry("auth"));
    assertThrows(
        UnsupportedOperationException.class, () -> ks.store(OutputStream.nullOutputStream(), null));
    KeyStore other = KeyStore.getInstance("JPKI", provider);
    IOException e =
        assertThrows(
            IOException.class,
            () -> other.load(new ByteArrayInputStream(new byte[0]), "1234".toCharArray()));
    assertTrue(e.getMessage().contains("-keystore NONE"), e.getMessage());
  }

  @Test
  void closedSessionsReleaseTheCard(@TempDir Path dir) throws Exception {
    VirtualCard.open(dir).close(); // create the persistent card
    System.setProperty(CardSettings.SIMULATOR_PROPERTY, dir.toString());
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    ks.load(null, "1234".toCharArray()); // the card from -Djpki.simulator
    assertEquals(ID.authCertificate(), ks.getCertificate("auth"));
    PrivateKey key = (PrivateKey) ks.getKey("auth", null);
    assertThrows(IOException.class, () -> VirtualCard.open(dir), "the keystore holds it");
    provider.closeSessions();
    VirtualCard.open(dir).close();
    Signature s = Signature.getInstance("SHA256withRSA", provider);
    assertThrows(java.security.InvalidKeyException.class, () -> s.initSign(key));
  }

  @Test
  void loadingAgainReleasesThePreviousCard(@TempDir Path dir) throws Exception {
    VirtualCard.open(dir).close();
    KeyStore ks = KeyStore.getInstance("JPKI", provider);
    JpkiLoadParameter p = JpkiLoadParameter.pin("1234".toCharArray()).withSimulator(dir);
    ks.load(p);
    ks.load(p); // would fail if the first load still held the directory
    assertEquals(1, ks.size());
  }
}
