/**
 * Document signatures, below the CLI: detached CMS SignedData made with any {@link
 * java.security.PrivateKey} (the card's, through the {@code JPKI} provider), checked for integrity,
 * for a chain to the J-LIS roots or given roots, and at a trustworthy time (the time of checking, a
 * time the user gives, or a verified RFC 3161 timestamp; never a time the signer claims).
 * BouncyCastle does the CMS and RFC 3161 work.
 */
package io.github.jpki4j.signing;
