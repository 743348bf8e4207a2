package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The filing system's rules for a PDF signature ({@code docs/document-signing.md}, "What the filing
 * system accepts"), one method each, in the order a report lists them. Each gives PASS, FAIL or
 * WARN with the value it found.
 */
final class FilingRules {
  static final String SUBFILTER = "adbe.pkcs7.detached";
  static final String FILTER = "Adobe.PPKLite";
  static final String SHA256 = "SHA-256";
  static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
  static final String CONTENT_TYPE = "1.2.840.113549.1.9.3";
  static final String MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
  static final String REFUSED_TIMESTAMP =
      "the filing system is reported to refuse timestamped signatures";

  /** D:YYYYMMDDHHmmSS and a zone: Z (optionally Z00'00'), or +HH'mm' / -HH'mm'. */
  private static final Pattern PDF_DATE =
      Pattern.compile("D:\\d{14}(Z(00'00'?)?|[+-]\\d{2}'\\d{2}'?)");

  private FilingRules() {}

  static boolean isDocumentTimestamp(SignatureFacts f) {
    return "DocTimeStamp".equals(f.type()) || "ETSI.RFC3161".equals(f.subFilter());
  }

  static List<Check> check(SignatureFacts f) {
    List<Check> checks = new ArrayList<>();
    checks.add(type(f));
    checks.add(filter(f));
    checks.add(subFilter(f));
    checks.add(name(f));
    checks.add(signingTime(f));
    checks.add(byteRange(f));
    checks.add(coverage(f));
    checks.add(contents(f));
    if (isDocumentTimestamp(f)) {
      return checks;
    }
    CmsVerification v = f.cms();
    if (v == null) {
      checks.add(Check.fail("cms", f.cmsProblem()));
      return checks;
    }
    checks.add(signerCertificate(v));
    checks.add(signedAttributes(v));
    checks.add(digest(v));
    checks.add(signatureAlgorithm(v));
    checks.add(integrity(v));
    checks.add(chain(v));
    checks.add(timestamp(v));
    return checks;
  }

  static Check type(SignatureFacts f) {
    if ("Sig".equals(f.type())) {
      return Check.pass("type", "/Sig");
    }
    if ("DocTimeStamp".equals(f.type())) {
      return Check.fail("type", "/DocTimeStamp: a document timestamp, reported refused by filings");
    }
    if (f.type() == null) {
      return Check.warn("type", "absent (optional in PDF; filings expect /Sig)");
    }
    return Check.fail("type", "/" + f.type() + " (expected /Sig)");
  }

  static Check filter(SignatureFacts f) {
    return FILTER.equals(f.filter())
        ? Check.pass("filter", "/" + FILTER)
        : Check.fail("filter", shown(f.filter()) + " (expected /" + FILTER + ")");
  }

  static Check subFilter(SignatureFacts f) {
    String s = f.subFilter();
    if (SUBFILTER.equals(s)) {
      return Check.pass("subfilter", "/" + SUBFILTER);
    }
    if (s != null && s.startsWith("ETSI.")) {
      return Check.fail(
          "subfilter",
          "/" + s + ": an ETSI subfilter, reported refused (expected /" + SUBFILTER + ")");
    }
    return Check.fail("subfilter", shown(s) + " (expected /" + SUBFILTER + ")");
  }

  static Check name(SignatureFacts f) {
    return f.name() == null || f.name().isBlank()
        ? Check.fail("name", "/Name is absent or empty")
        : Check.pass("name", f.name());
  }

  static Check signingTime(SignatureFacts f) {
    String m = f.signingTime();
    if (m == null) {
      return Check.fail("signing time", "/M is absent");
    }
    return PDF_DATE.matcher(m).matches()
        ? Check.pass("signing time", m)
        : Check.fail("signing time", m + " (expected D:YYYYMMDDHHmmSS with a zone, Z or +09'00')");
  }

  static Check byteRange(SignatureFacts f) {
    long[] r = f.byteRange();
    if (r == null) {
      return Check.fail("byte range", "/ByteRange is absent or not four numbers");
    }
    String shown = "[" + r[0] + " " + r[1] + " " + r[2] + " " + r[3] + "]";
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2] + r[3] > f.fileLength()) {
      return Check.fail(
          "byte range", shown + " does not fit the file (" + f.fileLength() + " bytes)");
    }
    SignatureFacts.Contents c = f.contents();
    if (c == null || !c.delimited()) {
      return Check.fail("byte range", shown + ": the gap is not exactly a <...> hex string");
    }
    if (!c.matchesDictionary()) {
      return Check.fail("byte range", shown + ": the gap is not this signature's /Contents");
    }
    return Check.pass("byte range", shown + ": everything but /Contents, no gap, no overlap");
  }

  static Check coverage(SignatureFacts f) {
    long end = f.signedLength();
    if (f.byteRange() == null || end > f.fileLength()) {
      return Check.fail("coverage", "unknown: the byte range is unusable");
    }
    if (end == f.fileLength()) {
      return Check.pass("coverage", "the whole file (" + end + " bytes)");
    }
    String upTo = "the file up to byte " + end + " of " + f.fileLength();
    if (!f.revisionEnds().contains(end)) {
      return Check.fail("coverage", upTo + ", which is not the end of a revision (%%EOF)");
    }
    if (f.laterSignatures().isEmpty()) {
      return Check.fail(
          "coverage",
          upTo + " (its revision); " + (f.fileLength() - end) + " bytes appended after it");
    }
    return Check.pass(
        "coverage",
        upTo + " (its revision); after it: signature(s) " + joined(f.laterSignatures()));
  }

  static Check contents(SignatureFacts f) {
    SignatureFacts.Contents c = f.contents();
    if (c == null) {
      return Check.fail("contents", "not found between the byte range's parts");
    }
    if (c.problem() != null) {
      return Check.fail("contents", c.problem());
    }
    if (c.cmsLength() < 0) {
      return Check.fail("contents", "does not start with a DER SEQUENCE (a CMS ContentInfo)");
    }
    String sizes =
        "CMS "
            + c.cmsLength()
            + " bytes in "
            + c.totalLength()
            + " ("
            + (c.totalLength() - c.cmsLength())
            + " bytes of padding)";
    return c.nonZeroPadding() == 0
        ? Check.pass("contents", sizes + ", padded with zeros only")
        : Check.fail("contents", sizes + ": " + c.nonZeroPadding() + " padding bytes are not zero");
  }

  static Check signerCertificate(CmsVerification v) {
    return v.signer() == null
        ? Check.fail("signer certificate", "not in the CMS")
        : Check.pass("signer certificate", v.signer().getSubjectX500Principal().getName());
  }

  static Check signedAttributes(CmsVerification v) {
    List<String> a = v.signedAttributes();
    if (a == null || a.isEmpty()) {
      return Check.pass("signed attributes", "none (allowed)");
    }
    List<String> missing = new ArrayList<>();
    if (!a.contains(CONTENT_TYPE)) {
      missing.add("contentType");
    }
    if (!a.contains(MESSAGE_DIGEST)) {
      missing.add("messageDigest");
    }
    return missing.isEmpty()
        ? Check.pass("signed attributes", "contentType and messageDigest among " + a)
        : Check.fail("signed attributes", "no " + String.join(" nor ", missing) + " in " + a);
  }

  static Check digest(CmsVerification v) {
    return SHA256.equals(v.digestAlgorithm())
        ? Check.pass("digest", SHA256)
        : Check.fail("digest", v.digestAlgorithm() + " (expected " + SHA256 + ")");
  }

  static Check signatureAlgorithm(CmsVerification v) {
    String oid = v.signatureAlgorithmOid();
    if (SHA256_WITH_RSA.equals(oid)) {
      return Check.pass("signature algorithm", "sha256WithRSAEncryption");
    }
    if (RSA_ENCRYPTION.equals(oid) && SHA256.equals(v.digestAlgorithm())) {
      return Check.warn(
          "signature algorithm",
          "rsaEncryption with SHA-256: the same PKCS#1 v1.5 signature, named without its digest"
              + " (sha256WithRSAEncryption expected)");
    }
    return Check.fail("signature algorithm", oid + " (expected sha256WithRSAEncryption)");
  }

  static Check integrity(CmsVerification v) {
    return v.integrity() == null
        ? Check.pass("integrity", "the signature matches the signed bytes")
        : Check.fail("integrity", v.integrity());
  }

  static Check chain(CmsVerification v) {
    String when = "checked at " + v.checkedAt() + ", " + timeSource(v.timeSource());
    return v.chain() == null
        ? Check.pass("chain", "to " + v.anchor() + " (" + when + ")")
        : Check.fail("chain", v.chain() + " (" + when + ")");
  }

  static Check timestamp(CmsVerification v) {
    CmsVerification.Timestamp t = v.timestamp();
    if (t == null) {
      return Check.pass("timestamp", "none");
    }
    String what = "RFC 3161 at " + t.time() + " by " + t.authority();
    return t.problem() == null
        ? Check.warn("timestamp", what + ": " + REFUSED_TIMESTAMP)
        : Check.fail("timestamp", what + ": " + t.problem());
  }

  /** The file as a whole: signatures present, nothing after the last. */
  static List<Check> document(long fileLength, List<SignatureFacts> ordered) {
    List<Check> checks = new ArrayList<>();
    if (ordered.isEmpty()) {
      checks.add(Check.fail("signatures", "none in this PDF"));
      return checks;
    }
    checks.add(Check.pass("signatures", String.valueOf(ordered.size())));
    long end = ordered.get(ordered.size() - 1).signedLength();
    checks.add(
        end == fileLength
            ? Check.pass("after the last signature", "nothing")
            : Check.fail(
                "after the last signature",
                (fileLength - end) + " bytes that no signature covers (changes after signing)"));
    return checks;
  }

  private static String timeSource(CmsVerification.TimeSource s) {
    if (s == null) {
      return "time source unknown";
    }
    return switch (s) {
      case NOW -> "the time of checking";
      case GIVEN -> "the time given with --at";
      case TIMESTAMP -> "the verified timestamp's time";
    };
  }

  private static String shown(String name) {
    return name == null ? "absent" : "/" + name;
  }

  private static String joined(List<Integer> numbers) {
    StringBuilder b = new StringBuilder();
    for (Integer n : numbers) {
      b.append(b.length() == 0 ? "" : ", ").append(n);
    }
    return b.toString();
  }
}
