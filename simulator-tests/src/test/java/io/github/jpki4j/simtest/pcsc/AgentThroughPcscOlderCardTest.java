package io.github.jpki4j.simtest.pcsc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AgentThroughPcscChecks} on the older contact card, whose ATR declares no extended length.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AgentThroughPcscOlderCardTest extends AgentThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack("contact-noext");
}
