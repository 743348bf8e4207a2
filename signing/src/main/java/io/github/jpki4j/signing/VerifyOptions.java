package io.github.jpki4j.signing;

import java.time.Instant;

/**
 * How to check a signature.
 *
 * @param anchors the roots a signer's chain must end in
 * @param at the time to check the chain at ({@code --at}); null: a verified timestamp's time, else
 *     the time of checking
 * @param tsaAnchors the roots a timestamp authority's certificate must chain to ({@code --tsa-ca});
 *     null: the Java trust store
 */
public record VerifyOptions(TrustAnchors anchors, Instant at, TrustAnchors tsaAnchors) {}
