package io.github.jpki4j.apdu.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.apdu.Atr;

/**
 * The answer-to-reset a reader reports, from any card put in it. {@link Atr#parse} promises never
 * to throw: what it cannot parse declares nothing. Its historical bytes lie inside the ATR.
 */
class AtrFuzzTest {

  @FuzzTest
  void parse(byte[] bytes) {
    Atr atr = Atr.parse(bytes);
    assertArrayEquals(bytes, atr.bytes());
    byte[] historical = atr.historicalBytes();
    assertTrue(
        historical.length <= Math.max(0, bytes.length - 2), "historical bytes outside the ATR");
    if (atr.declaresExtendedLength()) {
      assertTrue(historical.length >= 4, "extended length declared without card capabilities");
    }
    assertTrue(atr.toString().length() == Math.max(0, 3 * bytes.length - 1));
  }
}
