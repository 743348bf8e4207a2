package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.pin.AskpassPinSource;
import io.github.jpki4j.pin.ConsolePinSource;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinentryPinSource;
import io.github.jpki4j.pin.StdinPinSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinSourcesTest {
  private static final InputStream NO_INPUT = new ByteArrayInputStream(new byte[0]);

  @TempDir Path dir;

  @Test
  void aCommandPrefersStdinThenPinentryThenTheTerminalThenTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("JPKI_PINENTRY", "p", "SSH_ASKPASS", "a");
    PinSources sources = new PinSources(env);
    assertInstanceOf(StdinPinSource.class, sources.forCommand(true, NO_INPUT, "p", true));
    assertInstanceOf(PinentryPinSource.class, sources.forCommand(false, NO_INPUT, "p", true));
    assertInstanceOf(ConsolePinSource.class, sources.forCommand(false, NO_INPUT, null, true));
    assertInstanceOf(PinentryPinSource.class, sources.forCommand(false, NO_INPUT, " ", false));
    assertInstanceOf(AskpassPinSource.class, new PinSources(Map.of("SSH_ASKPASS", "a"))
        .forCommand(false, NO_INPUT, null, false));
  }

  @Test
  void aCommandWithoutATerminalOrHelperSaysHowToGiveThePin() {
    PinEntryException e = assertThrows(PinEntryException.class, () ->
        new PinSources(Map.of()).forCommand(false, NO_INPUT, null, false));
    assertTrue(e.getMessage().contains("--pin-stdin"), e.getMessage());
    assertFalse(e.cancelled());
  }

  @Test
  void theAgentNeverUsesTheTerminalButLooksForPinentryOnThePath() throws Exception {
    assertInstanceOf(PinentryPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a")).forAgent("p"));
    assertInstanceOf(PinentryPinSource.class,
        new PinSources(Map.of("JPKI_PINENTRY", "p", "SSH_ASKPASS", "a")).forAgent(null));
    assertInstanceOf(AskpassPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a", "PATH", dir.toString())).forAgent(null));
    Path pinentry = Files.createFile(dir.resolve("pinentry"));
    Files.setPosixFilePermissions(pinentry, PosixFilePermissions.fromString("rwx------"));
    assertInstanceOf(PinentryPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a", "PATH", dir.toString())).forAgent(null));
    PinEntryException e = assertThrows(PinEntryException.class, () ->
        new PinSources(Map.of("PATH", dir.resolve("none").toString())).forAgent(null));
    assertTrue(e.getMessage().contains("--pinentry"), e.getMessage());
  }
}
