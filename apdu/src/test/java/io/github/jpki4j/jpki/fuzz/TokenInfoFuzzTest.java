package io.github.jpki4j.jpki.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.jpki.TokenInfo;

/**
 * The token information EF (0006) as any card holds it: a label of at most 32 bytes, padding cut,
 * from any bytes at all; {@link TokenInfo#parse} has no failure to report.
 */
class TokenInfoFuzzTest {

  @FuzzTest
  void parse(byte[] ef) {
    TokenInfo info = TokenInfo.parse(ef);
    assertArrayEquals(ef, info.raw());
    assertTrue(info.label().length() <= 32);
    assertFalse(info.label().endsWith(" ") || info.label().endsWith("\0"), "padding left");
  }
}
