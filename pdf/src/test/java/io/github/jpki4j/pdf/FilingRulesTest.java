package io.github.jpki4j.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dictionary rules on values no well-behaved signer writes: /M without a zone, a document
 * timestamp, another filter, an empty /Name, a range that does not reach the end of a revision.
 */
class FilingRulesTest {
  private static final SignatureFacts.Contents GOOD_CONTENTS =
      new SignatureFacts.Contents(true, true, 1800, 8192, 0, null);

  private static SignatureFacts facts(
      String type,
      String filter,
      String subFilter,
      String name,
      String m,
      long[] range,
      long length,
      List<Long> revisionEnds,
      List<Integer> later) {
    return new SignatureFacts(
        "Signature1",
        type,
        filter,
        subFilter,
        name,
        m,
        range,
        length,
        revisionEnds,
        later,
        GOOD_CONTENTS,
        null,
        "not checked here");
  }

  private static SignatureFacts withTime(String m) {
    return facts(
        "Sig",
        "Adobe.PPKLite",
        "adbe.pkcs7.detached",
        "Alice",
        m,
        new long[] {0, 100, 16484, 50},
        16534,
        List.of(16534L),
        List.of());
  }

  @Test
  void theSigningTimeNeedsAZone() {
    for (String good :
        List.of("D:20260131090000+09'00'", "D:20260131000000Z", "D:20260131000000-05'00")) {
      assertEquals(Check.Verdict.PASS, FilingRules.signingTime(withTime(good)).verdict(), good);
    }
    for (String bad : List.of("D:20260131090000", "D:2026013109", "20260131090000Z", "")) {
      assertEquals(Check.Verdict.FAIL, FilingRules.signingTime(withTime(bad)).verdict(), bad);
    }
    assertEquals(Check.Verdict.FAIL, FilingRules.signingTime(withTime(null)).verdict());
  }

  @Test
  void aDocumentTimestampAnotherFilterOrAnEmptyNameFail() {
    SignatureFacts f =
        facts(
            "DocTimeStamp",
            "Other.Handler",
            "ETSI.RFC3161",
            " ",
            "D:20260131000000Z",
            new long[] {0, 100, 16484, 50},
            16534,
            List.of(16534L),
            List.of());
    assertEquals(Check.Verdict.FAIL, FilingRules.type(f).verdict());
    assertEquals(Check.Verdict.FAIL, FilingRules.filter(f).verdict());
    assertEquals(Check.Verdict.FAIL, FilingRules.subFilter(f).verdict());
    assertEquals(Check.Verdict.FAIL, FilingRules.name(f).verdict());
    assertEquals(
        List.of(
            "type",
            "filter",
            "subfilter",
            "name",
            "signing time",
            "byte range",
            "coverage",
            "contents"),
        FilingRules.check(f).stream().map(Check::rule).toList(),
        "a document timestamp has no CMS signer to check");
  }

  @Test
  void anEarlierSignatureMustEndWhereItsRevisionEnds() {
    long[] range = {0, 100, 16484, 50};
    SignatureFacts atEof =
        facts(
            "Sig",
            "Adobe.PPKLite",
            "adbe.pkcs7.detached",
            "A",
            "D:20260131000000Z",
            range,
            40000,
            List.of(16534L, 40000L),
            List.of(2));
    assertEquals(Check.Verdict.PASS, FilingRules.coverage(atEof).verdict());
    SignatureFacts midRevision =
        facts(
            "Sig",
            "Adobe.PPKLite",
            "adbe.pkcs7.detached",
            "A",
            "D:20260131000000Z",
            range,
            40000,
            List.of(16530L, 40000L),
            List.of(2));
    assertEquals(Check.Verdict.FAIL, FilingRules.coverage(midRevision).verdict());
    SignatureFacts nothingLater =
        facts(
            "Sig",
            "Adobe.PPKLite",
            "adbe.pkcs7.detached",
            "A",
            "D:20260131000000Z",
            range,
            40000,
            List.of(16534L, 40000L),
            List.of());
    assertEquals(Check.Verdict.FAIL, FilingRules.coverage(nothingLater).verdict());
  }
}
