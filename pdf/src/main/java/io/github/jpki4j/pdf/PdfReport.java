package io.github.jpki4j.pdf;

import java.util.List;

/**
 * Every signature of a PDF checked, and the rules about the file as a whole.
 *
 * @param file the file as named
 * @param length its size in bytes
 * @param signatures each signature, in the order of the bytes they cover
 * @param documentChecks rules about the whole file (signatures present, nothing after the last)
 */
public record PdfReport(
    String file, long length, List<SignatureReport> signatures, List<Check> documentChecks) {

  /** Nothing failed: the one condition for exit status 0. */
  public boolean passes() {
    return signatures.stream().allMatch(SignatureReport::passes)
        && documentChecks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL);
  }
}
