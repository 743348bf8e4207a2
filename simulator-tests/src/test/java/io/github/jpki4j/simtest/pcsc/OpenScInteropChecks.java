package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * OpenSC, unconfigured ({@code OPENSC_CONF} points at an empty configuration: no forced driver),
 * sees the served virtual card as a My Number Card through pcscd: its {@code jpki} driver claims
 * the card after the other drivers' probes were refused (the card's ATR is the 2024 My Number ATR,
 * not the one OpenSC matches without probing), its PKCS#15 and PKCS#11 views agree with jpki's, and
 * its own PKCS#11 self-test ({@code pkcs11-tool --test}) finds no error. Each concrete class serves
 * one card profile (a static {@link PcscStack} field) and runs these checks on it.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD,
  ExternalTool.OPENSC
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenScInteropChecks {
  /** The PKCS#11 token of the auth PIN and key, as OpenSC's jpki emulation labels it. */
  static final String AUTH_TOKEN = "JPKI (User Authentication PIN)";

  Map<String, String> env;
  String module;

  /** The running stack of the concrete class (its static {@code @RegisterExtension} field). */
  PcscStack stack;

  @BeforeAll
  void openSc(PcscStack stack) throws Exception {
    this.stack = stack;
    Tools.path("pkcs15-tool", "opensc");
    Tools.path("pkcs11-tool", "opensc");
    module = Tools.openscModule();
    env = Map.of("OPENSC_CONF", Tools.emptyOpenscConf(stack.work()).toString());
  }

  TestProcess.Result openSc(String tool, String... args) throws Exception {
    return Tools.run(stack.work(), null, env, 60, tool, args);
  }

  TestProcess.Result jpki(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--reader", "0"));
    all.addAll(List.of(args));
    TestProcess.Result r =
        TestProcess.of(JpkiProcess.jpkiCommand(all.toArray(String[]::new)))
            .stdin(stdin)
            .dir(stack.work())
            .run();
    assertEquals(0, r.exit(), () -> "jpki " + all + ": " + r);
    return r;
  }

  static X509Certificate pem(String text) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void openScPicksItsJpkiDriverWithoutConfiguration() throws Exception {
    TestProcess.Result name =
        openSc("opensc-tool", "--reader", "0", "--name").assertOk("opensc-tool");
    assertEquals("jpki", name.out().strip());
    TestProcess.Result verbose = openSc("opensc-tool", "--reader", "0", "--name", "-v");
    assertTrue(verbose.out().contains("Using card driver JPKI"), verbose.toString());
    TestProcess.Result atr =
        openSc("opensc-tool", "--reader", "0", "--atr").assertOk("opensc-tool");
    assertEquals(
        stack.atrText().replace(' ', ':').toLowerCase(Locale.ROOT),
        atr.out().strip().toLowerCase(Locale.ROOT),
        "not OpenSC's built-in JPKI ATR: it had to probe");
  }

  @Test
  void pkcs15ListsTheFourCertificatesWithOpenScsLabelsAndReadsTheAuthCertificate()
      throws Exception {
    TestProcess.Result list =
        openSc("pkcs15-tool", "--list-certificates").assertOk("pkcs15-tool --list-certificates");
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "X\\.509 Certificate \\[([^\\]]+)\\](?:(?!X\\.509).)*?" + "ID\\s+: (\\p{XDigit}+)",
                Pattern.DOTALL)
            .matcher(list.out());
    while (m.find()) {
      ids.put(m.group(1), m.group(2));
    }
    assertEquals(
        Map.of(
            "User Authentication Certificate",
            "01",
            "Digital Signature Certificate",
            "02",
            "User Authentication Certificate CA",
            "03",
            "Digital Signature Certificate CA",
            "04"),
        ids,
        list.out());

    TestProcess.Result read =
        openSc("pkcs15-tool", "--read-certificate", "1")
            .assertOk("pkcs15-tool --read-certificate 1");
    X509Certificate fromOpenSc = pem(read.out());
    X509Certificate fromJpki = pem(jpki(null, "cert", "auth").out());
    assertArrayEquals(fromJpki.getEncoded(), fromOpenSc.getEncoded());
  }

  @Test
  void sshKeygenWithOpenScsModuleListsOurKeyLine() throws Exception {
    String ours = jpki(null, "ssh-key").out().strip();
    String[] fields = ours.split(" ");
    String keyPart = fields[0] + " " + fields[1];
    TestProcess.Result keys =
        Tools.run(stack.work(), null, env, 60, "ssh-keygen", "-D", module)
            .assertOk("ssh-keygen -D");
    List<String> lines = keys.out().lines().toList();
    assertEquals(
        1, lines.stream().filter(l -> l.startsWith(keyPart + " ")).count(), keys.toString());
    assertEquals(3, lines.size(), "the auth key and the two CA keys: " + keys);
  }

  /** {@code pkcs11-tool --sign}: SHA256-RSA-PKCS with the auth key, logged in with the PIN. */
  void pkcs11Sign(Path data, Path sig) throws Exception {
    openSc(
            "pkcs11-tool",
            "--module",
            module,
            "--token-label",
            AUTH_TOKEN,
            "--login",
            "--pin",
            "1234",
            "--sign",
            "--mechanism",
            "SHA256-RSA-PKCS",
            "--id",
            "01",
            "-i",
            data.toString(),
            "-o",
            sig.toString())
        .assertOk("pkcs11-tool --sign");
  }

  @Test
  void pkcs11SignsWithTheAuthKeyAfterLoginAndTheSignatureVerifies() throws Exception {
    Path data = stack.work().resolve("p11-data.txt");
    Path sig = stack.work().resolve("p11-data.sig");
    byte[] content = "signed through OpenSC's PKCS#11 module\n".getBytes(StandardCharsets.UTF_8);
    Files.write(data, content);
    pkcs11Sign(data, sig);
    byte[] signature = Files.readAllBytes(sig);
    assertEquals(256, signature.length);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(pem(jpki(null, "cert", "auth").out()).getPublicKey());
    verifier.update(content);
    assertTrue(verifier.verify(signature), "the card's signature must verify with its cert");
  }

  @Test
  void openScReportsThePinCountersJpkiReports() throws Exception {
    assertEquals(
        List.of(3, 5),
        triesLeft(openSc("pkcs15-tool", "--list-pins").assertOk("pkcs15-tool --list-pins")));
    try {
      TestProcess.Result wrong =
          openSc("pkcs15-tool", "--verify-pin", "--auth-id", "01", "--pin", "0000");
      assertNotEquals(0, wrong.exit(), wrong.toString());
      assertTrue(wrong.err().contains("PIN code or key incorrect"), wrong.toString());
      TestProcess.Result pins = openSc("pkcs15-tool", "--list-pins").assertOk("pkcs15-tool");
      assertEquals(List.of(2, 5), triesLeft(pins), pins.out());
      assertTrue(jpki(null, "pin", "status").out().startsWith("auth: 2 of 3 tries left"));
    } finally {
      jpki("1234\n", "pin", "verify", "auth", "--pin-stdin"); // back to 3 for the other tests
    }
    assertEquals(
        List.of(3, 5),
        triesLeft(openSc("pkcs15-tool", "--list-pins").assertOk("pkcs15-tool --list-pins")));
  }

  static List<Integer> triesLeft(TestProcess.Result listPins) {
    return Pattern.compile("Tries left\\s+: (\\d+)")
        .matcher(listPins.out())
        .results()
        .map(r -> Integer.parseInt(r.group(1)))
        .toList();
  }

  /**
   * OpenSC's own PKCS#11 self-test on the auth token, logged in: random numbers (C_GenerateRandom,
   * the card's GET CHALLENGE), digests, and every RSA signature mechanism with the auth key, each
   * checked by OpenSC. It must end with "No errors" and exit 0. On a failure, the message has the
   * run again with OpenSC's debug log ({@code OPENSC_DEBUG=9}), which shows every APDU.
   */
  @Test
  void openScsSelfTestFindsNoError() throws Exception {
    String[] args = {
      "--module", module, "--token-label", AUTH_TOKEN, "--test", "--login", "--pin", "1234"
    };
    TestProcess.Result test = openSc("pkcs11-tool", args);
    List<String> lines = test.out().lines().filter(l -> !l.isBlank()).toList();
    boolean clean =
        test.exit() == 0 && !lines.isEmpty() && lines.get(lines.size() - 1).equals("No errors");
    if (!clean) {
      Map<String, String> debug = new LinkedHashMap<>(env);
      debug.put("OPENSC_DEBUG", "9");
      TestProcess.Result traced = Tools.run(stack.work(), null, debug, 120, "pkcs11-tool", args);
      fail(
          "pkcs11-tool --test: "
              + test
              + "\n--- again with OPENSC_DEBUG=9 (tail):\n"
              + String.join(
                  "\n",
                  traced
                      .err()
                      .lines()
                      .skip(Math.max(0, traced.err().lines().count() - 400))
                      .toList()));
    }
    String out = test.out();
    assertTrue(
        out.contains(
            "C_SeedRandom() and C_GenerateRandom():\n"
                + "  seeding (C_SeedRandom) not supported\n  seems to be OK\n"),
        out);
    assertTrue(
        out.contains(
            "  testing key 0 (User Authentication Key) \n"
                + "  all 4 signature functions seem to work\n"),
        out);
    assertTrue(out.contains("    SHA256-RSA-PKCS: OK\n"), out);
  }
}
