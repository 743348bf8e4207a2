package io.github.jpki4j.simtest.pcsc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AgentThroughPcscChecks} on the 2024 card in a reader that carries only short APDUs. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AgentThroughPcscShortReaderTest extends AgentThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack("contact-2024,reader-short");
}
