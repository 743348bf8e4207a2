package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two My Number Cards of two persons in vpcd's two readers, through pcscd: {@code jpki readers}
 * names each by its auth key's fingerprint (as {@code ssh-keygen -l} prints it), {@code --card} and
 * {@code JPKI_CARD} choose one by a unique prefix, and without a choice every command refuses in
 * one sentence that lists both. The expected keys come from in-process twins of the two cards (same
 * persons), fingerprinted by {@code ssh-keygen} itself.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralCardsThroughPcscTest {
  @RegisterExtension static final PcscStack STACK = PcscStack.twoCards();

  private final List<String> keys = new ArrayList<>();
  private final List<String> fingerprints = new ArrayList<>();
  private final List<X509Certificate> authCerts = new ArrayList<>();

  @BeforeAll
  void twins(PcscStack stack) throws Exception {
    for (int person = 0; person < 2; person++) {
      Path twin = stack.work().resolve("twin" + person);
      stack.initCard(twin, person);
      TestProcess.Result key = inProcess("--simulator=" + twin, "ssh-key");
      assertEquals(0, key.exit(), key::toString);
      keys.add(key.out());
      Path pub = stack.work().resolve("twin" + person + ".pub");
      Files.writeString(pub, key.out());
      TestProcess.Result l =
          Tools.run(stack.work(), null, Map.of(), 30, "ssh-keygen", "-l", "-f", pub.toString());
      assertEquals(0, l.exit(), l::toString);
      fingerprints.add(l.out().split(" ")[1]);
      try (InputStream in = Files.newInputStream(twin.resolve("auth-cert.der"))) {
        authCerts.add(
            (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    assertNotEquals(fingerprints.get(0), fingerprints.get(1), "two persons, two keys");
    assertTrue(fingerprints.get(0).startsWith("SHA256:"), fingerprints::toString);
  }

  @Test
  void readersNamesEachCardByItsFingerprintWithoutAPin() throws Exception {
    TestProcess.Result r = jpki(null, Map.of(), "readers");
    assertEquals(0, r.exit(), r::toString);
    String atr = STACK.atrText();
    assertEquals(
        "0: "
            + PcscStack.READER
            + "  ATR "
            + atr
            + "  JPKI found (My Number Card)  "
            + identity(0)
            + "\n1: "
            + PcscStack.READER_2
            + "  ATR "
            + atr
            + "  JPKI found (My Number Card)  "
            + identity(1)
            + "\n",
        r.out());
  }

  private String identity(int card) {
    return fingerprints.get(card)
        + "  auth certificate until "
        + authCerts.get(card).getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate()
        + "  signature key: yes";
  }

  @Test
  void withoutAChoiceEveryCommandRefusesListingBothCards() throws Exception {
    String sentence =
        "jpki: 2 My Number Cards are present (reader '"
            + PcscStack.READER
            + "': "
            + fingerprints.get(0)
            + ", reader '"
            + PcscStack.READER_2
            + "': "
            + fingerprints.get(1)
            + "): choose one with --card FINGERPRINT or --reader NAME (or JPKI_CARD,"
            + " JPKI_READER)\n";
    for (String[] command : new String[][] {{"ssh-key"}, {"cert", "auth"}, {"pin", "status"}}) {
      TestProcess.Result r = jpki(null, Map.of(), command);
      assertEquals(3, r.exit(), r::toString);
      assertEquals("", r.out(), r::toString);
      assertEquals(sentence, r.err(), r::toString);
    }
  }

  @Test
  void aFingerprintOrAUniquePrefixOfItChoosesTheCard() throws Exception {
    String second = fingerprints.get(1);
    assertEquals(keys.get(1), ok(jpki(null, Map.of(), "--card", second, "ssh-key")));
    assertEquals(
        keys.get(0), ok(jpki(null, Map.of(), "--card", unique(0).substring(7), "ssh-key")));
    assertEquals(keys.get(1), ok(jpki(null, Map.of("JPKI_CARD", unique(1)), "ssh-key")));
    // --card on the command line beats JPKI_READER, as --reader beats JPKI_CARD
    assertEquals(
        keys.get(0),
        ok(jpki(null, Map.of("JPKI_READER", "1"), "--card", fingerprints.get(0), "ssh-key")));
    assertEquals(
        keys.get(0), ok(jpki(null, Map.of("JPKI_CARD", second), "--reader", "0", "ssh-key")));
  }

  @Test
  void aFingerprintOfNoCardPresentIsRefusedListingThem() throws Exception {
    String none = "SHA256:" + unusedFirstCharacter();
    TestProcess.Result r = jpki(null, Map.of(), "--card", none, "ssh-key");
    assertEquals(3, r.exit(), r::toString);
    assertEquals(
        "jpki: no card present has the fingerprint "
            + none
            + " (reader '"
            + PcscStack.READER
            + "': "
            + fingerprints.get(0)
            + ", reader '"
            + PcscStack.READER_2
            + "': "
            + fingerprints.get(1)
            + ")\n",
        r.err());
  }

  @Test
  void withOneCardLeftNoChoiceIsNeeded() throws Exception {
    STACK.removeCard(2);
    try {
      assertEquals(keys.get(0), ok(jpki(null, Map.of(), "ssh-key")));
    } finally {
      STACK.insertCard(2);
    }
  }

  /** The shortest prefix of card {@code i}'s fingerprint that the other card's lacks. */
  private String unique(int i) {
    String mine = fingerprints.get(i);
    String other = fingerprints.get(1 - i);
    int n = 8;
    while (other.startsWith(mine.substring(0, n))) {
      n++;
    }
    return mine.substring(0, n);
  }

  private char unusedFirstCharacter() {
    for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray()) {
      if (fingerprints.stream().noneMatch(f -> f.charAt(7) == c)) {
        return c;
      }
    }
    throw new AssertionError("two fingerprints cannot start with every character");
  }

  private static String ok(TestProcess.Result r) {
    assertEquals(0, r.exit(), r::toString);
    return r.out();
  }

  /** {@code jpki args} in a child JVM, through pcscd. */
  private static TestProcess.Result jpki(String stdin, Map<String, String> env, String... args)
      throws Exception {
    return Tools.runCommand(STACK.work(), stdin, env, 60, JpkiProcess.jpkiCommand(args));
  }

  private static TestProcess.Result inProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new TestProcess.Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
