package io.github.jpki4j.pdf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.signing.CmsVerification;
import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.VerifyOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing by incremental update and checking against the filing rules, with a software key under a
 * test CA: what a good signature reports, co-signing, and each way a file goes wrong.
 */
class PdfSignVerifyTest {
  private static TestCa ca;
  private static TestCa.Signer alice;
  private static TestCa.Signer bob;

  @TempDir Path dir;

  @BeforeAll
  static void pki() throws Exception {
    ca = TestCa.create("test root");
    alice = ca.signer("Alice");
    bob = ca.signer("Bob");
  }

  private VerifyOptions trusting(TestCa root) {
    return new VerifyOptions(TrustAnchors.of(List.of(root.certificate)), null, null);
  }

  static Check check(SignatureReport s, String rule) {
    return s.checks().stream()
        .filter(c -> c.rule().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + rule + " in " + s.checks()));
  }

  static Check documentCheck(PdfReport r, String rule) {
    return r.documentChecks().stream()
        .filter(c -> c.rule().equals(rule))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + rule + " in " + r.documentChecks()));
  }

  private Path signedByAlice() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 2);
    Path out = dir.resolve("letter-signed.pdf");
    alice.sign(in, out);
    return out;
  }

  @Test
  void aSignatureMeetsEveryFilingRule() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 2);
    byte[] original = Files.readAllBytes(in);
    Path out = PdfSigner.defaultOutput(in);
    assertEquals(dir.resolve("letter-signed.pdf"), out);
    alice.sign(in, out);

    assertArrayEquals(original, Files.readAllBytes(in), "the input is never written");
    byte[] signed = Files.readAllBytes(out);
    assertArrayEquals(
        original,
        java.util.Arrays.copyOf(signed, original.length),
        "an incremental update keeps the original bytes first");

    PdfReport r = PdfVerifier.verify(out, trusting(ca));
    assertTrue(r.passes(), () -> text(r));
    assertEquals(1, r.signatures().size());
    SignatureReport s = r.signatures().get(0);
    for (Check c : s.checks()) {
      assertEquals(Check.Verdict.PASS, c.verdict(), c::toString);
    }
    assertEquals("/adbe.pkcs7.detached", check(s, "subfilter").found());
    assertEquals("/Adobe.PPKLite", check(s, "filter").found());
    assertEquals(alice.name(), check(s, "name").found());
    assertTrue(check(s, "signing time").found().matches("D:\\d{14}([+-]\\d\\d'\\d\\d'|Z).*"));
    assertEquals("the whole file (" + signed.length + " bytes)", check(s, "coverage").found());
    assertEquals(signed.length, s.signedLength());
    assertEquals(alice.chain().get(0), s.cms().signer());
    assertEquals(CmsVerification.TimeSource.NOW, s.cms().timeSource());
    assertEquals("PASS", documentCheck(r, "after the last signature").verdict().name());
    assertTrue(text(r).contains("revocation: not checked"));
    assertTrue(ReportJson.of(r).contains("\"result\":\"PASS\""));
  }

  @Test
  void coSigningLeavesTheFirstSignatureValidOverItsRevision() throws Exception {
    Path once = signedByAlice();
    Path twice = dir.resolve("twice.pdf");
    bob.sign(once, twice);

    PdfReport r = PdfVerifier.verify(twice, trusting(ca));
    assertTrue(r.passes(), () -> text(r));
    assertEquals(2, r.signatures().size());
    SignatureReport first = r.signatures().get(0);
    SignatureReport second = r.signatures().get(1);
    assertEquals(Files.size(once), first.signedLength());
    assertTrue(
        check(first, "coverage").found().endsWith("(its revision); after it: signature(s) 2"),
        check(first, "coverage").toString());
    assertEquals(Files.size(twice), second.signedLength());
    assertEquals(bob.chain().get(0), second.cms().signer());
    assertEquals(alice.chain().get(0), first.cms().signer());
  }

  @Test
  void aByteChangedInsideTheSignedRangeFailsIntegrity() throws Exception {
    Path out = signedByAlice();
    // a byte of the first object's dictionary, well inside the first range
    String text = Files.readString(out, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(" 0 obj") + 10;
    long[] range = PdfVerifier.verify(out, trusting(ca)).signatures().get(0).byteRange();
    assertTrue(at > 10 && at < range[1]);
    flip(out, at);

    PdfReport r = PdfVerifier.verify(out, trusting(ca));
    assertFalse(r.passes(), () -> text(r));
    Check integrity = check(r.signatures().get(0), "integrity");
    assertEquals(Check.Verdict.FAIL, integrity.verdict(), integrity::toString);
  }

  @Test
  void contentAppendedAfterSigningIsReported() throws Exception {
    Path out = signedByAlice();
    long signedLength = Files.size(out);
    Files.write(
        out,
        "\n% added later\n".getBytes(StandardCharsets.US_ASCII),
        java.nio.file.StandardOpenOption.APPEND);

    PdfReport r = PdfVerifier.verify(out, trusting(ca));
    assertFalse(r.passes(), () -> text(r));
    SignatureReport s = r.signatures().get(0);
    assertEquals(
        Check.Verdict.PASS, check(s, "integrity").verdict(), "the signed bytes are intact");
    assertEquals(Check.Verdict.FAIL, check(s, "coverage").verdict());
    Check after = documentCheck(r, "after the last signature");
    assertEquals(Check.Verdict.FAIL, after.verdict());
    assertEquals(
        (Files.size(out) - signedLength)
            + " bytes that no signature covers (changes after signing)",
        after.found());
  }

  @Test
  void anotherCaIsNotTrusted() throws Exception {
    Path out = signedByAlice();
    PdfReport r = PdfVerifier.verify(out, trusting(TestCa.create("another root")));
    assertFalse(r.passes());
    SignatureReport s = r.signatures().get(0);
    assertEquals(Check.Verdict.PASS, check(s, "integrity").verdict());
    assertEquals(Check.Verdict.FAIL, check(s, "chain").verdict(), () -> text(r));
  }

  @Test
  void anExpiredCertificateWithoutATimestampFailsNowButPassesAtATimeItWasValid() throws Exception {
    TestCa.Signer expired = ca.signer("Expired", TestCa.YEAR_AGO, TestCa.NOW.minusSeconds(86400));
    Path in = TestPdfs.letter(dir.resolve("old.pdf"), 1);
    Path out = dir.resolve("old-signed.pdf");
    expired.sign(in, out);

    PdfReport now = PdfVerifier.verify(out, trusting(ca));
    assertFalse(now.passes());
    Check chain = check(now.signatures().get(0), "chain");
    assertEquals(Check.Verdict.FAIL, chain.verdict(), chain::toString);
    assertEquals(Check.Verdict.PASS, check(now.signatures().get(0), "timestamp").verdict());

    Instant then = TestCa.NOW.minusSeconds(30L * 86400);
    PdfReport at =
        PdfVerifier.verify(
            out, new VerifyOptions(TrustAnchors.of(List.of(ca.certificate)), then, null));
    assertTrue(at.passes(), () -> text(at));
    assertEquals(CmsVerification.TimeSource.GIVEN, at.signatures().get(0).cms().timeSource());
  }

  @Test
  void anUnsignedPdfFails() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("plain.pdf"), 1);
    PdfReport r = PdfVerifier.verify(in, trusting(ca));
    assertFalse(r.passes());
    assertEquals(Check.Verdict.FAIL, documentCheck(r, "signatures").verdict());
  }

  @Test
  void anEncryptedPdfIsRefusedAndNothingIsWritten() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("secret.pdf"), 1);
    try (PDDocument doc = Loader.loadPDF(in.toFile())) {
      StandardProtectionPolicy p =
          new StandardProtectionPolicy("owner", "", new AccessPermission());
      p.setEncryptionKeyLength(128);
      doc.protect(p);
      doc.save(in.toFile());
    }
    assertRefused(in, "is encrypted");
  }

  @Test
  void aDamagedPdfIsRefused() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("damaged.pdf"), 1);
    byte[] b = Files.readAllBytes(in);
    Files.write(in, java.util.Arrays.copyOf(b, b.length / 2));
    assertRefused(in, "is damaged");
  }

  @Test
  void aCertifiedPdfThatAllowsNoChangesIsRefused() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("certified.pdf"), 1);
    try (PDDocument doc = Loader.loadPDF(in.toFile())) {
      COSDictionary params = new COSDictionary();
      params.setInt(COSName.P, 1);
      params.setName(COSName.V, "1.2");
      COSDictionary reference = new COSDictionary();
      reference.setItem(COSName.TRANSFORM_METHOD, COSName.DOCMDP);
      reference.setItem(COSName.TRANSFORM_PARAMS, params);
      COSDictionary signature = new COSDictionary();
      signature.setItem(COSName.REFERENCE, new COSArray(List.of(reference)));
      COSDictionary perms = new COSDictionary();
      perms.setItem(COSName.DOCMDP, signature);
      doc.getDocumentCatalog().getCOSObject().setItem(COSName.PERMS, perms);
      doc.save(in.toFile());
    }
    assertRefused(in, "DocMDP P=1");
  }

  @Test
  void anExistingOutputIsNeverOverwritten() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 1);
    Path out = dir.resolve("taken.pdf");
    Files.writeString(out, "mine");
    PdfRefusedException e = assertThrows(PdfRefusedException.class, () -> alice.sign(in, out));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals("mine", Files.readString(out));
  }

  @Test
  void aVisibleStampGoesOnTheChosenPage() throws Exception {
    Path in = TestPdfs.letter(dir.resolve("letter.pdf"), 2);
    Path out = dir.resolve("stamped.pdf");
    PdfSigner.sign(
        in,
        out,
        new SignatureRequest(
            alice.name(),
            null,
            null,
            null,
            VisibleStamp.parse("2:36,36,220,50"),
            SignatureRequest.ROOM),
        alice.cms());
    PdfReport r = PdfVerifier.verify(out, trusting(ca));
    assertTrue(r.passes(), () -> text(r));
    try (PDDocument doc = Loader.loadPDF(out.toFile())) {
      var widget = doc.getSignatureFields().get(0).getWidgets().get(0);
      assertEquals(36f, widget.getRectangle().getLowerLeftX());
      assertEquals(220f, widget.getRectangle().getWidth());
      assertTrue(doc.getPage(1).getAnnotations().contains(widget) || widget.getPage() != null);
      assertTrue(doc.getPage(0).getAnnotations().isEmpty(), "nothing on page 1");
    }
    PdfRefusedException e =
        assertThrows(
            PdfRefusedException.class,
            () ->
                PdfSigner.sign(
                    in,
                    dir.resolve("nope.pdf"),
                    new SignatureRequest(
                        "x",
                        null,
                        null,
                        null,
                        VisibleStamp.parse("9:1,1,10,10"),
                        SignatureRequest.ROOM),
                    alice.cms()));
    assertTrue(e.getMessage().contains("has 2 page(s)"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("nope.pdf")));
  }

  private void assertRefused(Path in, String why) throws Exception {
    byte[] before = Files.readAllBytes(in);
    Path out = dir.resolve("out.pdf");
    PdfRefusedException e = assertThrows(PdfRefusedException.class, () -> alice.sign(in, out));
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one sentence");
    assertArrayEquals(before, Files.readAllBytes(in));
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(in.getFileName().toString()),
          files.map(p -> p.getFileName().toString()).toList(),
          "no output, no temp file left");
    }
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }

  static String text(PdfReport r) {
    var bytes = new java.io.ByteArrayOutputStream();
    ReportText.print(r, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
