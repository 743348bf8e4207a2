package io.github.jpki4j.simtest.pcsc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JpkiThroughPcscChecks} on the older contact card, whose ATR declares no extended length,
 * in a reader that carries extended APDUs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JpkiThroughPcscOlderCardTest extends JpkiThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack("contact-noext");
}
