package io.github.jpki4j.signing;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What checking one CMS signer found. Fields may be added; none are removed or renamed.
 *
 * @param signer the signer's certificate, null when the CMS does not hold it
 * @param integrity null when the digest and the signature value check; else the problem, one
 *     sentence
 * @param chain null when the signer's certificate chains to an anchor at {@code checkedAt}; else
 *     the problem (expired, not yet valid, unknown issuer…), one sentence
 * @param anchor the root the chain ends in, as a person reads it (e.g. "J-LIS signature root,
 *     generation 3 (signca03)"); null without a chain
 * @param checkedAt the time the chain was checked at
 * @param timeSource where that time came from
 * @param timestamp the RFC 3161 signature timestamp, null when there is none
 * @param claimedSigningTime the signingTime attribute, the signer's own clock; null when absent
 * @param digestAlgorithm the digest's name as the JDK names it (e.g. SHA-256)
 * @param signatureAlgorithmOid the signature algorithm's OID (1.2.840.113549.1.1.11 and so on)
 * @param signedAttributes the OIDs of the signed attributes, in the order found
 */
public record CmsVerification(
    X509Certificate signer,
    String integrity,
    String chain,
    String anchor,
    Instant checkedAt,
    TimeSource timeSource,
    Timestamp timestamp,
    Instant claimedSigningTime,
    String digestAlgorithm,
    String signatureAlgorithmOid,
    List<String> signedAttributes) {

  /** Where the time of the chain check came from. */
  public enum TimeSource {
    /** The time of checking. */
    NOW,
    /** A time the user gave ({@code --at}). */
    GIVEN,
    /** A verified RFC 3161 timestamp's genTime. */
    TIMESTAMP
  }

  /**
   * An RFC 3161 signature timestamp found in the signer's unsigned attributes.
   *
   * @param time its genTime
   * @param authority the authority's certificate subject
   * @param problem null when its imprint covers the signature value, its signature checks and its
   *     certificate chains to the TSA anchors; else the problem, one sentence
   */
  public record Timestamp(Instant time, String authority, String problem) {}

  /** Revocation is never checked: J-LIS serves it only to registered verifiers. */
  public static final String REVOCATION = "revocation: not checked";

  /** Integrity, chain and (when present) the timestamp all check. */
  public boolean good() {
    return integrity == null && chain == null && (timestamp == null || timestamp.problem() == null);
  }
}
