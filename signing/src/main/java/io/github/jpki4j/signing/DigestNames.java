package io.github.jpki4j.signing;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/** The digests a signature or a timestamp may name, by OID, with the JDK's names for them. */
final class DigestNames {
  private static final Map<ASN1ObjectIdentifier, String> NAMES =
      Map.of(
          OIWObjectIdentifiers.idSHA1, "SHA-1",
          NISTObjectIdentifiers.id_sha224, "SHA-224",
          NISTObjectIdentifiers.id_sha256, "SHA-256",
          NISTObjectIdentifiers.id_sha384, "SHA-384",
          NISTObjectIdentifiers.id_sha512, "SHA-512",
          NISTObjectIdentifiers.id_sha3_256, "SHA3-256",
          NISTObjectIdentifiers.id_sha3_384, "SHA3-384",
          NISTObjectIdentifiers.id_sha3_512, "SHA3-512");

  private DigestNames() {}

  /** The JDK's name (e.g. SHA-256), or null for a digest jpki does not know. */
  static String of(ASN1ObjectIdentifier oid) {
    return NAMES.get(oid);
  }
}
