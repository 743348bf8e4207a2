package io.github.jpki4j.simtest.pcsc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AgentThroughPcscChecks} on the default card in a reader that carries extended APDUs. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AgentThroughPcscTest extends AgentThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack();
}
