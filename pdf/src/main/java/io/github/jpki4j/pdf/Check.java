package io.github.jpki4j.pdf;

/**
 * One rule's outcome.
 *
 * @param rule the rule's short name (e.g. "subfilter")
 * @param verdict PASS, FAIL or WARN
 * @param found the value found, and for WARN and FAIL why it matters
 */
public record Check(String rule, Verdict verdict, String found) {
  /** How a rule came out: only FAIL makes a report fail. */
  public enum Verdict {
    PASS,
    WARN,
    FAIL
  }

  static Check pass(String rule, String found) {
    return new Check(rule, Verdict.PASS, found);
  }

  static Check warn(String rule, String found) {
    return new Check(rule, Verdict.WARN, found);
  }

  static Check fail(String rule, String found) {
    return new Check(rule, Verdict.FAIL, found);
  }
}
