package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpki pdf sign|verify} on a persistent simulated card: a filing-format signature with the
 * signature key that our check and poppler's pdfsig accept, co-signing, the consent and PIN rules
 * of {@code cms sign}, refusals that cost no PIN try, and PDFBox kept out of other commands.
 */
@RequiresTools({ExternalTool.PDFSIG, ExternalTool.QPDF})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PdfCommandTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @TempDir Path dir;
  private Path card;
  private Path pdf;

  @BeforeEach
  void setUp() throws Exception {
    card = dir.resolve("card");
    pdf = dir.resolve("consent.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.save(pdf.toFile());
    }
  }

  private static Run jpki(String stdin, String... args) {
    return Run.of(stdin, args);
  }

  private Path pem(String name, X509Certificate... certs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certs) {
      b.append(CertCommand.pem(c.getEncoded()));
    }
    Path p = dir.resolve(name);
    Files.writeString(p, b, StandardCharsets.US_ASCII);
    return p;
  }

  private PinState pins() throws Exception {
    try (VirtualCard c = VirtualCard.open(card)) {
      return c.pinState();
    }
  }

  private Run sign(String pin, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--simulator=" + card, "pdf", "sign", "--pin-stdin"));
    args.addAll(List.of(more));
    return jpki(pin + "\n", args.toArray(String[]::new));
  }

  @Test
  void theSignatureKeyMakesAFilingSignatureThatPassesEveryRule() throws Exception {
    byte[] original = Files.readAllBytes(pdf);
    Run r = sign("ABC123", "--share-personal-data", "--reason", "consent", pdf.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("name, address, birth date and sex"), r.toString());
    Path out = dir.resolve("consent-signed.pdf");
    assertTrue(Files.exists(out), r.toString());
    assertArrayEquals(original, Files.readAllBytes(pdf), "the input is never written");

    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    Run v = jpki("", "pdf", "verify", "--ca", ca.toString(), out.toString());
    assertEquals(0, v.exit(), v.toString());
    for (String rule :
        List.of(
            "PASS  type: /Sig",
            "PASS  filter: /Adobe.PPKLite",
            "PASS  subfilter: /adbe.pkcs7.detached",
            "PASS  signature algorithm: sha256WithRSAEncryption",
            "PASS  digest: SHA-256",
            "PASS  coverage: the whole file (" + Files.size(out) + " bytes)",
            "PASS  after the last signature: nothing",
            "PASS  timestamp: none",
            "revocation: not checked")) {
      assertTrue(v.out().contains(rule), rule + " in\n" + v);
    }
    assertFalse(v.out().contains("FAIL"), v.toString());
    assertFalse(v.out().contains("WARN"), v.toString());

    Run json = jpki("", "pdf", "verify", "--json", "--ca", ca.toString(), out.toString());
    assertEquals(0, json.exit(), json.toString());
    assertTrue(json.out().startsWith("{\"file\":"), json.toString());
    assertTrue(json.out().contains("\"result\":\"PASS\""), json.toString());
    assertTrue(json.out().contains("\"rule\":\"subfilter\",\"verdict\":\"PASS\""), json.toString());

    // the simulated card's CA is not a J-LIS root: the default anchors refuse it
    Run jlis = jpki("", "pdf", "verify", out.toString());
    assertEquals(ExitCodes.FAILURE, jlis.exit(), jlis.toString());
    assertTrue(jlis.out().contains("FAIL  chain:"), jlis.toString());

    TestProcess.Result ps =
        TestProcess.of("pdfsig", "-nocert", out.toString()).run().assertOk("pdfsig");
    assertTrue(ps.out().contains("Signature is Valid."), ps.toString());
    assertTrue(ps.out().contains("Total document signed"), ps.toString());
    TestProcess.of("qpdf", "--check", out.toString()).run().assertOk("qpdf --check");
  }

  @Test
  void aCoSignatureWithTheAuthKeyKeepsTheFirstValid() throws Exception {
    Path once = dir.resolve("once.pdf");
    assertEquals(
        0, sign("ABC123", "--share-personal-data", "-o", once.toString(), pdf.toString()).exit());
    Path twice = dir.resolve("twice.pdf");
    Run r =
        sign(
            "1234",
            "--key",
            "auth",
            "--name",
            "Witness",
            "--visible",
            "1:36,36,220,50",
            "-o",
            twice.toString(),
            once.toString());
    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.err().contains("address"), r.toString());

    Path cas = pem("cas.pem", ID.signCaCertificate(), ID.authCaCertificate());
    Run v = jpki("", "pdf", "verify", "--ca", cas.toString(), twice.toString());
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.out().contains("PASS  name: Witness"), v.toString());
    assertTrue(
        v.out().contains("(its revision); after it: signature(s) 2"), "the first's coverage: " + v);
    TestProcess.Result ps =
        TestProcess.of("pdfsig", "-nocert", twice.toString()).run().assertOk("pdfsig");
    assertEquals(2, ps.out().split("Signature is Valid\\.", -1).length - 1, ps.toString());
  }

  @Test
  void withoutATerminalTheSignatureKeyNeedsConsentFirst() throws Exception {
    Run r = sign("ABC123", pdf.toString());
    assertEquals(ExitCodes.PIN_NOT_SENT, r.exit(), r.toString());
    assertTrue(r.err().contains("--share-personal-data"), r.toString());
    assertFalse(Files.exists(dir.resolve("consent-signed.pdf")));
    assertEquals(PinState.defaults(), pins());
  }

  @Test
  void anEncryptedPdfIsRefusedBeforeThePin() throws Exception {
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      doc.protect(new StandardProtectionPolicy("owner", "user", new AccessPermission()));
      doc.save(pdf.toFile());
    }
    Run r = sign("XYZ999", "--share-personal-data", pdf.toString());
    assertEquals(ExitCodes.FAILURE, r.exit(), r.toString());
    assertTrue(r.err().contains("is encrypted"), r.toString());
    assertEquals(1, r.err().strip().lines().count(), "one sentence: " + r);
    assertEquals(PinState.defaults(), pins(), "a wrong password was never sent");
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of("consent.pdf"),
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith("pdf") || n.endsWith("part"))
              .toList());
    }
  }

  @Test
  void aStampOffThePagesOrMalformedCostsNoPinTry() throws Exception {
    Run offPage =
        sign("XYZ999", "--share-personal-data", "--visible", "3:0,0,100,40", pdf.toString());
    assertEquals(ExitCodes.FAILURE, offPage.exit(), offPage.toString());
    assertTrue(offPage.err().contains("the PDF has 1 page(s)"), offPage.toString());
    Run malformed = sign("XYZ999", "--share-personal-data", "--visible", "1:0,0", pdf.toString());
    assertEquals(ExitCodes.USAGE, malformed.exit(), malformed.toString());
    assertTrue(malformed.err().contains("PAGE:X,Y,W,H"), malformed.toString());
    assertEquals(PinState.defaults(), pins(), "a wrong password was never sent");
    assertFalse(Files.exists(dir.resolve("consent-signed.pdf")));
  }

  @Test
  void aWrongPasswordSignsNothing() throws Exception {
    Run r = sign("XYZ999", "--share-personal-data", pdf.toString());
    assertEquals(ExitCodes.WRONG_PIN, r.exit(), r.toString());
    assertFalse(Files.exists(dir.resolve("consent-signed.pdf")));
  }

  @Test
  void pdfBoxLoadsOnlyForThePdfCommands() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    TestProcess.Result help =
        TestProcess.of(java, "-verbose:class", "-cp", cp, Main.class.getName(), "--help")
            .run()
            .assertOk("jpki --help");
    assertFalse(help.out().contains("org.apache.pdfbox"), "PDFBox loaded for --help");
    assertTrue(help.out().contains(" pdf "), "the usage lists pdf");
    TestProcess.Result verify =
        TestProcess.of(
                java,
                "-verbose:class",
                "-cp",
                cp,
                Main.class.getName(),
                "pdf",
                "verify",
                pdf.toString())
            .run();
    assertTrue(verify.out().contains("org.apache.pdfbox"), "the check needs PDFBox");
  }
}
