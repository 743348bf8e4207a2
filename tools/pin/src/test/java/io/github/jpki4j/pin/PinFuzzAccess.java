package io.github.jpki4j.pin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A public door for the fuzz targets in {@code pin.fuzz}: a pinentry source that sends no {@code
 * OPTION}s (which would depend on this process's environment), so that the same pinentry output
 * meets the same dialogue on every machine. Tests only.
 */
public final class PinFuzzAccess {
  private PinFuzzAccess() {}

  /** {@link PinentryPinSource} with no OPTIONs and the given deadlines. */
  public static PinSource pinentry(List<String> command, Duration timeout, Duration greeting) {
    return new PinentryPinSource(command, timeout, Duration.ofSeconds(2), greeting, Map.of());
  }
}
