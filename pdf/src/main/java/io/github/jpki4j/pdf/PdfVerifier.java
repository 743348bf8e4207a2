package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import io.github.jpki4j.signing.CmsVerifier;
import io.github.jpki4j.signing.SignatureFormatException;
import io.github.jpki4j.signing.VerifyOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1InputStream;

/**
 * Checks every signature of a PDF made by any program, without a card: the CMS in /Contents over
 * the /ByteRange bytes (integrity, chain, time, through {@link CmsVerifier}), then the filing
 * format's rules ({@link FilingRules}). Reads the file in place; never writes it.
 */
public final class PdfVerifier {
  private PdfVerifier() {}

  /** Checks {@code file}; the report holds a line for every rule. */
  public static PdfReport verify(Path file, VerifyOptions options)
      throws IOException, PdfRefusedException {
    List<Found> found = new ArrayList<>();
    try (PDDocument doc = PdfInput.openForReading(file)) {
      for (PDSignatureField field : doc.getSignatureFields()) {
        if (field.getCOSObject().getDictionaryObject(COSName.V) instanceof COSDictionary v) {
          found.add(new Found(field.getFullyQualifiedName(), v, byteRange(v)));
        }
      }
    }
    found.sort(Comparator.comparingLong(Found::end));
    try (SignedBytes bytes = new SignedBytes(file)) {
      long length = bytes.length();
      List<Long> revisionEnds = bytes.revisionEnds();
      List<SignatureFacts> facts = new ArrayList<>();
      List<SignatureReport> reports = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        Found f = found.get(i);
        List<Integer> later = new ArrayList<>();
        for (int j = i + 1; j < found.size(); j++) {
          if (found.get(j).end() > f.end()) {
            later.add(j + 1);
          }
        }
        SignatureFacts sf = facts(f, bytes, length, revisionEnds, later, options);
        facts.add(sf);
        reports.add(
            new SignatureReport(
                i + 1,
                f.field(),
                f.range(),
                sf.signedLength(),
                FilingRules.coverage(sf).found(),
                sf.cms(),
                FilingRules.check(sf)));
      }
      return new PdfReport(file.toString(), length, reports, FilingRules.document(length, facts));
    }
  }

  private record Found(String field, COSDictionary dictionary, long[] range) {
    long end() {
      return range == null ? -1 : range[2] + range[3];
    }
  }

  private static SignatureFacts facts(
      Found f,
      SignedBytes bytes,
      long length,
      List<Long> revisionEnds,
      List<Integer> later,
      VerifyOptions options)
      throws IOException {
    COSDictionary d = f.dictionary();
    long[] r = f.range();
    boolean usable =
        r != null && r[0] == 0 && r[1] > 0 && r[2] > r[1] && r[3] >= 0 && r[2] + r[3] <= length;
    SignatureFacts.Contents contents = null;
    byte[] cms = null;
    if (usable && r[2] - r[1] < Integer.MAX_VALUE) {
      byte[] raw = bytes.slice(r[1], (int) (r[2] - r[1]));
      COSBase own = d.getDictionaryObject(COSName.CONTENTS);
      byte[] ownBytes = own instanceof COSString s ? s.getBytes() : null;
      contents = contents(raw, ownBytes);
      if (contents.problem() == null && contents.cmsLength() > 0) {
        cms = Arrays.copyOf(hex(raw), contents.cmsLength());
      }
    }
    SignatureFacts partial =
        new SignatureFacts(
            f.field(),
            d.getNameAsString(COSName.TYPE),
            d.getNameAsString(COSName.FILTER),
            d.getNameAsString(COSName.SUB_FILTER),
            d.getString(COSName.NAME),
            d.getString(COSName.M),
            r,
            length,
            revisionEnds,
            later,
            contents,
            null,
            null);
    if (FilingRules.isDocumentTimestamp(partial)) {
      return partial;
    }
    CmsVerification verification = null;
    String problem = null;
    if (cms == null) {
      problem = "no CMS to check: the byte range or /Contents is unusable";
    } else {
      try (InputStream content = bytes.ranges(r)) {
        List<CmsVerification> signers = CmsVerifier.verify(cms, content, options);
        if (signers.isEmpty()) {
          problem = "the CMS holds no signer";
        } else {
          verification = signers.get(0);
        }
      } catch (SignatureFormatException e) {
        problem = "/Contents is not a CMS signature: " + e.getMessage();
      }
    }
    return new SignatureFacts(
        partial.field(),
        partial.type(),
        partial.filter(),
        partial.subFilter(),
        partial.name(),
        partial.signingTime(),
        r,
        length,
        revisionEnds,
        later,
        contents,
        verification,
        problem);
  }

  private static long[] byteRange(COSDictionary d) {
    COSArray a = d.getCOSArray(COSName.BYTERANGE);
    if (a == null || a.size() != 4) {
      return null;
    }
    long[] r = new long[4];
    for (int i = 0; i < 4; i++) {
      if (!(a.getObject(i) instanceof COSNumber n)) {
        return null;
      }
      r[i] = n.longValue();
    }
    return r;
  }

  /** The hex string between the range's parts, judged without trusting the parser. */
  static SignatureFacts.Contents contents(byte[] raw, byte[] dictionaryContents) {
    boolean delimited = raw.length >= 2 && raw[0] == '<' && raw[raw.length - 1] == '>';
    if (!delimited) {
      return new SignatureFacts.Contents(false, false, -1, 0, 0, "not a <...> hex string");
    }
    byte[] decoded = hex(raw);
    if (decoded == null) {
      return new SignatureFacts.Contents(
          true, false, -1, 0, 0, "the hex string holds characters that are not hex digits");
    }
    boolean matches = dictionaryContents != null && Arrays.equals(decoded, dictionaryContents);
    int cmsLength = derLength(decoded);
    int nonZero = 0;
    for (int i = Math.max(cmsLength, 0); i < decoded.length && cmsLength > 0; i++) {
      if (decoded[i] != 0) {
        nonZero++;
      }
    }
    return new SignatureFacts.Contents(true, matches, cmsLength, decoded.length, nonZero, null);
  }

  // the decoded bytes of "<hex>" (white space skipped, an odd last digit is followed by 0)
  private static byte[] hex(byte[] raw) {
    byte[] out = new byte[(raw.length - 2 + 1) / 2];
    int n = 0;
    int half = -1;
    for (int i = 1; i < raw.length - 1; i++) {
      int c = raw[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
        continue;
      }
      int v = Character.digit(c, 16);
      if (v < 0) {
        return null;
      }
      if (half < 0) {
        half = v;
      } else {
        out[n++] = (byte) (half << 4 | v);
        half = -1;
      }
    }
    if (half >= 0) {
      out[n++] = (byte) (half << 4);
    }
    return Arrays.copyOf(out, n);
  }

  // the length of the ASN.1 SEQUENCE at the start (DER, or BER with indefinite lengths as some
  // signers write), -1 when there is none
  private static int derLength(byte[] b) {
    if (b.length < 2 || b[0] != 0x30) {
      return -1;
    }
    ByteArrayInputStream in = new ByteArrayInputStream(b);
    try (ASN1InputStream asn1 = new ASN1InputStream(in, b.length)) {
      return asn1.readObject() == null ? -1 : b.length - in.available();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
