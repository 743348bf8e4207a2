package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.sim.PinState;
import org.junit.jupiter.api.Test;

/**
 * The PIN try limits are written twice on purpose: in the driver ({@link JpkiPin}) and in the
 * simulated card ({@link PinState}), which depends on no other jpki4j module so that it stays an
 * independent model of the card. This is where they must agree.
 */
class TryLimitsTest {
  @Test
  void theSimulatedCardAndTheDriverAgree() {
    assertEquals(JpkiPin.AUTH.maxTries(), PinState.AUTH_MAX_TRIES);
    assertEquals(JpkiPin.SIGN.maxTries(), PinState.SIGN_MAX_TRIES);
  }
}
