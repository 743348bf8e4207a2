package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.CmsVerification;
import java.util.List;

/**
 * What a signature dictionary and its bytes hold, read before any rule judges them.
 *
 * @param field the field's name
 * @param type /Type, null when absent
 * @param filter /Filter, null when absent
 * @param subFilter /SubFilter, null when absent
 * @param name /Name, null when absent
 * @param signingTime /M as written, null when absent
 * @param byteRange /ByteRange, null when absent or not four integers
 * @param fileLength the file's size
 * @param revisionEnds where revisions may end (after each %%EOF, with or without its EOL)
 * @param laterSignatures the numbers of the signatures whose ranges reach further
 * @param contents what /Contents holds (problem, lengths), null when the range is unusable
 * @param cms the CMS check, null when not done
 * @param cmsProblem why the CMS was not checked, null when it was
 */
record SignatureFacts(
    String field,
    String type,
    String filter,
    String subFilter,
    String name,
    String signingTime,
    long[] byteRange,
    long fileLength,
    List<Long> revisionEnds,
    List<Integer> laterSignatures,
    Contents contents,
    CmsVerification cms,
    String cmsProblem) {

  /**
   * The /Contents hex string as found between the range's two parts.
   *
   * @param delimited it runs exactly from {@code <} to {@code >}
   * @param matchesDictionary it is the dictionary's own /Contents
   * @param cmsLength the DER length of the CMS at its start, -1 when not DER
   * @param totalLength the decoded bytes
   * @param nonZeroPadding bytes after the CMS that are not zero
   * @param problem hex that does not decode, null when it does
   */
  record Contents(
      boolean delimited,
      boolean matchesDictionary,
      int cmsLength,
      int totalLength,
      int nonZeroPadding,
      String problem) {}

  long signedLength() {
    return byteRange == null ? -1 : byteRange[2] + byteRange[3];
  }
}
