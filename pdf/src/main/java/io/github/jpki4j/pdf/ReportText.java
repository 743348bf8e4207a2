package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import java.io.PrintStream;

/** A {@link PdfReport} for people: a heading per signature, then one line per rule. */
public final class ReportText {
  private ReportText() {}

  public static void print(PdfReport report, PrintStream out) {
    out.println(report.file() + ": " + report.length() + " bytes");
    for (SignatureReport s : report.signatures()) {
      out.println();
      String who =
          s.cms() != null && s.cms().signer() != null
              ? s.cms().signer().getSubjectX500Principal().getName()
              : "(signer unknown)";
      out.println("Signature " + s.number() + " (field " + s.field() + "): " + who);
      for (Check c : s.checks()) {
        line(out, c);
      }
    }
    out.println();
    out.println("Document:");
    for (Check c : report.documentChecks()) {
      line(out, c);
    }
    out.println("  " + CmsVerification.REVOCATION);
    out.println(report.passes() ? "Result: PASS" : "Result: FAIL");
  }

  private static void line(PrintStream out, Check c) {
    out.println("  " + c.verdict() + "  " + c.rule() + ": " + c.found());
  }
}
