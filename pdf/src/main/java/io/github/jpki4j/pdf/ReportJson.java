package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import java.util.List;

/** A {@link PdfReport} for programs: the same facts as {@link ReportText}, as one JSON object. */
public final class ReportJson {
  private ReportJson() {}

  public static String of(PdfReport report) {
    StringBuilder b = new StringBuilder();
    b.append("{\"file\":").append(str(report.file()));
    b.append(",\"length\":").append(report.length());
    b.append(",\"result\":").append(str(report.passes() ? "PASS" : "FAIL"));
    b.append(",\"revocation\":").append(str("not checked"));
    b.append(",\"signatures\":[");
    List<SignatureReport> signatures = report.signatures();
    for (int i = 0; i < signatures.size(); i++) {
      SignatureReport s = signatures.get(i);
      b.append(i == 0 ? "" : ",").append('{');
      b.append("\"number\":").append(s.number());
      b.append(",\"field\":").append(str(s.field()));
      b.append(",\"byteRange\":");
      if (s.byteRange() == null) {
        b.append("null");
      } else {
        b.append('[');
        for (int k = 0; k < s.byteRange().length; k++) {
          b.append(k == 0 ? "" : ",").append(s.byteRange()[k]);
        }
        b.append(']');
      }
      b.append(",\"coverage\":").append(str(s.coverage()));
      CmsVerification v = s.cms();
      b.append(",\"signer\":")
          .append(
              str(
                  v == null || v.signer() == null
                      ? null
                      : v.signer().getSubjectX500Principal().getName()));
      b.append(",\"anchor\":").append(str(v == null ? null : v.anchor()));
      b.append(",\"checkedAt\":")
          .append(str(v == null || v.checkedAt() == null ? null : v.checkedAt().toString()));
      b.append(",\"timeSource\":")
          .append(str(v == null || v.timeSource() == null ? null : v.timeSource().name()));
      b.append(",\"result\":").append(str(s.passes() ? "PASS" : "FAIL"));
      b.append(",\"checks\":");
      checks(b, s.checks());
      b.append('}');
    }
    b.append("],\"document\":");
    checks(b, report.documentChecks());
    b.append('}');
    return b.toString();
  }

  private static void checks(StringBuilder b, List<Check> checks) {
    b.append('[');
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      b.append(i == 0 ? "" : ",")
          .append("{\"rule\":")
          .append(str(c.rule()))
          .append(",\"verdict\":")
          .append(str(c.verdict().name()))
          .append(",\"found\":")
          .append(str(c.found()))
          .append('}');
    }
    b.append(']');
  }

  static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
