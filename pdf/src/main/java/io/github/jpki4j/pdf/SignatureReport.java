package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import java.util.List;

/**
 * What checking one signature of a PDF found.
 *
 * @param number 1 for the first signature in the file, and so on
 * @param field the signature field's name
 * @param byteRange the /ByteRange as written, null when absent or malformed
 * @param signedLength the bytes up to the end of the range (c + d)
 * @param coverage a sentence: the whole file, or up to which byte and what follows
 * @param cms what the CMS check found, null when the CMS could not be checked
 * @param checks every rule, in a fixed order
 */
public record SignatureReport(
    int number,
    String field,
    long[] byteRange,
    long signedLength,
    String coverage,
    CmsVerification cms,
    List<Check> checks) {

  /** No rule failed. */
  public boolean passes() {
    return checks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL);
  }
}
