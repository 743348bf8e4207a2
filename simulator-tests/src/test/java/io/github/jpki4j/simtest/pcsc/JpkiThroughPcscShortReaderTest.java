package io.github.jpki4j.simtest.pcsc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JpkiThroughPcscChecks} on the 2024 card in a reader that carries only short APDUs: the
 * default short reads pass, and {@code --extended-apdu} falls back to them instead of failing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JpkiThroughPcscShortReaderTest extends JpkiThroughPcscChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack("contact-2024,reader-short");
}
