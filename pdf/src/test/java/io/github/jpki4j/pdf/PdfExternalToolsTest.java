package io.github.jpki4j.pdf;

import static io.github.jpki4j.pdf.PdfSignVerifyTest.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.VerifyOptions;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our signatures as other programs see them, and another program's signature as we see it:
 * poppler's pdfsig (signature valid, the whole document covered), qpdf --check, openssl cms -verify
 * on the CMS that pdfsig dumps from /Contents, and pdfsig -add-signature with an NSS key store
 * checked by {@link PdfVerifier}.
 */
@RequiresTools({
  ExternalTool.PDFSIG,
  ExternalTool.QPDF,
  ExternalTool.OPENSSL,
  ExternalTool.CERTUTIL,
  ExternalTool.PK12UTIL
})
class PdfExternalToolsTest {
  private static TestCa ca;
  private static TestCa.Signer alice;
  private static TestCa.Signer bob;

  @TempDir Path dir;
  private Path nss;
  private Path caPem;

  @BeforeAll
  static void pki() throws Exception {
    ca = TestCa.create("pdfsig test root");
    alice = ca.signer("Alice");
    bob = ca.signer("Bob");
  }

  /**
   * An NSS database holding the test CA (trusted). pdfsig 22.12 still says "Unknown issue with
   * Certificate" for test chains that certutil -V accepts, so only the signature's validity and
   * coverage are asserted; the chain is openssl's to check below.
   */
  @BeforeEach
  void nssDatabase() throws Exception {
    nss = Files.createDirectory(dir.resolve("nss"));
    run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
    caPem = ca.pem(dir, "ca.pem");
    run(
        "certutil",
        "-A",
        "-d",
        "sql:" + nss,
        "-n",
        "test-ca",
        "-t",
        "CT,C,C",
        "-i",
        caPem.toString());
  }

  private static TestProcess.Result run(String... command) throws Exception {
    return TestProcess.of(command).run().assertOk(String.join(" ", command));
  }

  private TestProcess.Result pdfsig(Path pdf, String... more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("pdfsig", "-nssdir", "sql:" + nss, "-no-ocsp"));
    cmd.addAll(List.of(more));
    cmd.add(pdf.toString());
    return TestProcess.of(cmd).dir(dir).run();
  }

  /** pdfsig's block for each signature, in its order. */
  private static List<String> blocks(String pdfsigOut) {
    String[] parts = pdfsigOut.split("Signature #\\d+:");
    return List.of(parts).subList(1, parts.length);
  }

  @Test
  void pdfsigQpdfAndOpensslAcceptOneSignatureAndACoSignedFile() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 1);
    Path once = dir.resolve("once.pdf");
    alice.sign(in, once);
    Path twice = dir.resolve("twice.pdf");
    bob.sign(once, twice);

    TestProcess.Result one = pdfsig(once).assertOk("pdfsig once.pdf");
    List<String> oneBlocks = blocks(one.out());
    assertEquals(1, oneBlocks.size(), one.toString());
    assertTrue(oneBlocks.get(0).contains("Signature is Valid."), one.toString());
    assertTrue(oneBlocks.get(0).contains("Total document signed"), one.toString());
    assertTrue(oneBlocks.get(0).contains("adbe.pkcs7.detached"), one.toString());

    TestProcess.Result two = pdfsig(twice).assertOk("pdfsig twice.pdf");
    List<String> twoBlocks = blocks(two.out());
    assertEquals(2, twoBlocks.size(), two.toString());
    for (String b : twoBlocks) {
      assertTrue(b.contains("Signature is Valid."), two.toString());
    }
    // the co-signature covers everything; the first covers its own revision, as it should
    int bobAt = twoBlocks.get(1).contains("Bob") ? 1 : 0;
    String last = twoBlocks.get(bobAt);
    String first = twoBlocks.get(1 - bobAt);
    assertTrue(last.contains("Total document signed"), two.toString());
    assertTrue(first.contains("Not total document signed"), two.toString());
    assertTrue(first.contains(" - " + Files.size(once) + "]"), two.toString());

    for (Path p : List.of(once, twice)) {
      TestProcess.Result q = TestProcess.of("qpdf", "--check", p.toString()).run();
      q.assertOk("qpdf --check " + p);
      assertTrue(q.out().contains("No syntax or stream encoding errors found"), q.toString());
    }

    // openssl on the CMS as pdfsig dumps it, over the byte range's bytes as PDFBox reads them
    pdfsig(twice, "-dump").assertOk("pdfsig -dump");
    try (PDDocument doc = Loader.loadPDF(twice.toFile())) {
      List<PDSignature> sigs = doc.getSignatureDictionaries();
      for (int i = 0; i < sigs.size(); i++) {
        Path content = dir.resolve("signed-bytes-" + i);
        try (InputStream raw = Files.newInputStream(twice);
            OutputStream out = Files.newOutputStream(content)) {
          out.write(sigs.get(i).getSignedContent(raw));
        }
        Path cms = dir.resolve("twice.pdf.sig" + i);
        assertTrue(Files.exists(cms), "pdfsig -dump wrote " + cms);
        TestProcess.Result o =
            TestProcess.of(
                    "openssl",
                    "cms",
                    "-verify",
                    "-binary",
                    "-inform",
                    "DER",
                    "-in",
                    cms.toString(),
                    "-content",
                    content.toString(),
                    "-CAfile",
                    caPem.toString(),
                    "-purpose",
                    "any",
                    "-out",
                    "/dev/null")
                .run();
        o.assertOk("openssl cms -verify on signature " + i);
        assertTrue(o.err().contains("Verification successful"), o.toString());
      }
    }
  }

  private void importAlice() throws Exception {
    Path p12 = dir.resolve("alice.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "alice", alice.key(), "p12pw".toCharArray(), alice.chain().toArray(new Certificate[0]));
    try (OutputStream out = Files.newOutputStream(p12)) {
      ks.store(out, "p12pw".toCharArray());
    }
    run("pk12util", "-i", p12.toString(), "-d", "sql:" + nss, "-W", "p12pw");
  }

  @Test
  void aPdfSignedByPdfsigPassesOurCheck() throws Exception {
    importAlice();
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 1);
    Path out = dir.resolve("by-poppler.pdf");
    run(
        "pdfsig",
        "-nssdir",
        "sql:" + nss,
        "-add-signature",
        "-nick",
        "alice",
        "-reason",
        "consent",
        in.toString(),
        out.toString());

    PdfReport r =
        PdfVerifier.verify(
            out, new VerifyOptions(TrustAnchors.of(List.of(ca.certificate)), null, null));
    assertTrue(r.passes(), () -> PdfSignVerifyTest.text(r));
    SignatureReport s = r.signatures().get(0);
    assertEquals(alice.chain().get(0), s.cms().signer());
    assertEquals(Check.Verdict.PASS, check(s, "integrity").verdict());
    assertEquals(Check.Verdict.PASS, check(s, "coverage").verdict());
    assertEquals(Check.Verdict.PASS, check(s, "contents").verdict());
    Matcher m = Pattern.compile("padded with zeros only").matcher(check(s, "contents").found());
    assertTrue(m.find());
  }
}
