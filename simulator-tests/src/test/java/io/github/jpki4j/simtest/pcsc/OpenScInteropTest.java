package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.simtest.JpkiProcess;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenSC, unconfigured ({@code OPENSC_CONF} points at an empty configuration: no forced driver),
 * sees the served virtual card as a My Number Card through pcscd: its {@code jpki} driver claims
 * the card after the other drivers' probes were refused (the card's ATR is the 2024 My Number
 * ATR, not the one OpenSC matches without probing), and its PKCS#15 and PKCS#11 views agree with
 * jpki's. Also: jpki needs at most a fifth of OpenSC's APDUs for the same job.
 */
class OpenScInteropTest {
  @RegisterExtension static final PcscStack STACK = new PcscStack();

  static Map<String, String> env;
  static String module;

  @BeforeAll
  static void openSc() throws Exception {
    Tools.path("pkcs15-tool", "opensc");
    Tools.path("pkcs11-tool", "opensc");
    module = Tools.openscModule();
    env = Map.of("OPENSC_CONF", Tools.emptyOpenscConf(STACK.work()).toString());
  }

  static Tools.Result openSc(String tool, String... args) throws Exception {
    return Tools.run(STACK.work(), null, env, 60, tool, args);
  }

  static JpkiProcess.Result jpki(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--reader", "0"));
    all.addAll(List.of(args));
    JpkiProcess.Result r = JpkiProcess.run(JpkiProcess.jpkiCommand(all.toArray(String[]::new)),
        stdin, Map.of(), STACK.work());
    assertEquals(0, r.exit(), () -> "jpki " + all + ": " + r);
    return r;
  }

  static X509Certificate pem(String text) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void openScPicksItsJpkiDriverWithoutConfiguration() throws Exception {
    Tools.Result name = openSc("opensc-tool", "--reader", "0", "--name").assertOk("opensc-tool");
    assertEquals("jpki", name.out().strip());
    Tools.Result verbose = openSc("opensc-tool", "--reader", "0", "--name", "-v");
    assertTrue(verbose.out().contains("Using card driver JPKI"), verbose.toString());
    Tools.Result atr = openSc("opensc-tool", "--reader", "0", "--atr").assertOk("opensc-tool");
    assertEquals("3b:da:13:ff:81:31:fb:46:80:12:39:2f:31:c1:73:c6:01:c0:3b",
        atr.out().strip().toLowerCase(Locale.ROOT),
        "not OpenSC's built-in JPKI ATR: it had to probe");
  }

  @Test
  void pkcs15ListsTheFourCertificatesWithOpenScsLabelsAndReadsTheAuthCertificate()
      throws Exception {
    Tools.Result list = openSc("pkcs15-tool", "--list-certificates")
        .assertOk("pkcs15-tool --list-certificates");
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m = Pattern.compile("X\\.509 Certificate \\[([^\\]]+)\\](?:(?!X\\.509).)*?"
        + "ID\\s+: (\\p{XDigit}+)", Pattern.DOTALL).matcher(list.out());
    while (m.find()) {
      ids.put(m.group(1), m.group(2));
    }
    assertEquals(Map.of("User Authentication Certificate", "01",
        "Digital Signature Certificate", "02",
        "User Authentication Certificate CA", "03",
        "Digital Signature Certificate CA", "04"), ids, list.out());

    Tools.Result read = openSc("pkcs15-tool", "--read-certificate", "1")
        .assertOk("pkcs15-tool --read-certificate 1");
    X509Certificate fromOpenSc = pem(read.out());
    X509Certificate fromJpki = pem(jpki(null, "cert", "auth").out());
    assertArrayEquals(fromJpki.getEncoded(), fromOpenSc.getEncoded());
  }

  @Test
  void sshKeygenWithOpenScsModuleListsOurKeyLine() throws Exception {
    String ours = jpki(null, "ssh-key").out().strip();
    String[] fields = ours.split(" ", -1);
    String keyPart = fields[0] + " " + fields[1];
    Tools.Result keys = Tools.run(STACK.work(), null, env, 60, "ssh-keygen", "-D", module)
        .assertOk("ssh-keygen -D");
    List<String> lines = keys.out().lines().toList();
    assertEquals(1, lines.stream().filter(l -> l.startsWith(keyPart + " ")).count(),
        keys.toString());
    assertEquals(3, lines.size(), "the auth key and the two CA keys: " + keys);
  }

  @Test
  void pkcs11SignsWithTheAuthKeyAfterLoginAndTheSignatureVerifies() throws Exception {
    Path data = STACK.work().resolve("p11-data.txt");
    Path sig = STACK.work().resolve("p11-data.sig");
    byte[] content = "signed through OpenSC's PKCS#11 module\n".getBytes(StandardCharsets.UTF_8);
    Files.write(data, content);
    openSc("pkcs11-tool", "--module", module, "--slot-index", "0", "--login", "--pin", "1234",
        "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", "01", "-i", data.toString(),
        "-o", sig.toString()).assertOk("pkcs11-tool --sign");
    byte[] signature = Files.readAllBytes(sig);
    assertEquals(256, signature.length);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pem(jpki(null, "cert", "auth").out()).getPublicKey());
    verifier.update(content);
    assertTrue(verifier.verify(signature), "the card's signature must verify with its cert");
  }

  @Test
  void openScReportsThePinCountersJpkiReports() throws Exception {
    assertEquals(List.of(3, 5), triesLeft(openSc("pkcs15-tool", "--list-pins")
        .assertOk("pkcs15-tool --list-pins")));
    try {
      Tools.Result wrong = openSc("pkcs15-tool", "--verify-pin", "--auth-id", "01", "--pin",
          "0000");
      assertNotEquals(0, wrong.exit(), wrong.toString());
      assertTrue(wrong.err().contains("PIN code or key incorrect"), wrong.toString());
      Tools.Result pins = openSc("pkcs15-tool", "--list-pins").assertOk("pkcs15-tool");
      assertEquals(List.of(2, 5), triesLeft(pins), pins.out());
      assertTrue(jpki(null, "pin", "status").out().startsWith("auth: 2 of 3 tries left"));
    } finally {
      jpki("1234\n", "pin", "verify", "auth", "--pin-stdin"); // back to 3 for the other tests
    }
    assertEquals(List.of(3, 5), triesLeft(openSc("pkcs15-tool", "--list-pins")
        .assertOk("pkcs15-tool --list-pins")));
  }

  private static List<Integer> triesLeft(Tools.Result listPins) {
    return Pattern.compile("Tries left\\s+: (\\d+)").matcher(listPins.out()).results()
        .map(r -> Integer.parseInt(r.group(1))).toList();
  }

  @Test
  void jpkiNeedsAtMostAFifthOfOpenScsApdus() throws Exception {
    STACK.resetStats();
    String key = jpki(null, "ssh-key").out();
    PcscStack.Stats jpkiKey = STACK.stats();
    Tools.run(STACK.work(), null, env, 60, "ssh-keygen", "-D", module).assertOk("ssh-keygen");
    PcscStack.Stats openScKey = STACK.stats();
    PcscStack.Stats sshKeygen = new PcscStack.Stats(openScKey.apdus() - jpkiKey.apdus(),
        openScKey.bytesToCard() - jpkiKey.bytesToCard(),
        openScKey.bytesFromCard() - jpkiKey.bytesFromCard());

    Path data = STACK.work().resolve("count.txt");
    Files.writeString(data, "count me\n");
    STACK.resetStats();
    jpki("1234\n", "sign", "-n", "file", "--pin-stdin", data.toString());
    PcscStack.Stats jpkiSign = STACK.stats();
    STACK.resetStats();
    openSc("pkcs11-tool", "--module", module, "--slot-index", "0", "--login", "--pin", "1234",
        "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", "01", "-i", data.toString(),
        "-o", STACK.work().resolve("count.sig").toString()).assertOk("pkcs11-tool --sign");
    PcscStack.Stats openScSign = STACK.stats();

    System.out.printf("APDUs (bytes) for the auth key: jpki ssh-key %d (%d), ssh-keygen -D %d"
        + " (%d); one signature with the PIN: jpki sign %d (%d), pkcs11-tool --sign %d (%d)%n",
        jpkiKey.apdus(), jpkiKey.bytes(), sshKeygen.apdus(), sshKeygen.bytes(), jpkiSign.apdus(),
        jpkiSign.bytes(), openScSign.apdus(), openScSign.bytes());
    assertTrue(key.startsWith("ssh-rsa "));
    assertTrue(jpkiKey.apdus() > 0 && jpkiSign.apdus() > 0, "the bridge counted nothing");
    assertTrue(jpkiKey.apdus() * 5 <= sshKeygen.apdus(),
        "jpki ssh-key " + jpkiKey + " vs ssh-keygen -D " + sshKeygen);
    assertTrue(jpkiSign.apdus() * 5 <= openScSign.apdus(),
        "jpki sign " + jpkiSign + " vs pkcs11-tool --sign " + openScSign);
  }
}
