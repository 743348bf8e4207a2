package io.github.jpki4j.pdf;

/**
 * What goes into a new signature dictionary besides the CMS.
 *
 * @param name /Name, the signer as a person reads it (not empty)
 * @param reason /Reason, or null
 * @param location /Location, or null
 * @param contact /ContactInfo, or null
 * @param stamp where the visible stamp goes, or null for an invisible signature
 * @param reservedBytes room for the CMS in /Contents, in bytes (the hex string is twice as long)
 */
public record SignatureRequest(
    String name,
    String reason,
    String location,
    String contact,
    VisibleStamp stamp,
    int reservedBytes) {

  /** Room for a CMS with two certificates and the signature value. */
  public static final int ROOM = 12 * 1024;

  /** Room for the same and an RFC 3161 token (the authority's certificates in it). */
  public static final int ROOM_WITH_TIMESTAMP = 32 * 1024;

  public SignatureRequest {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signature needs a name (/Name)");
    }
  }
}
