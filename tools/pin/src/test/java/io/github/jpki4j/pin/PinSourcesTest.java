package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertInstanceOf(
        AskpassPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a")).forCommand(false, NO_INPUT, null, false));
  }

  @Test
  void aCommandWithoutATerminalOrHelperSaysHowToGiveThePin() {
    PinEntryException e =
        assertThrows(
            PinEntryException.class,
            () -> new PinSources(Map.of(), false).forCommand(false, NO_INPUT, null, false));
    assertTrue(e.getMessage().contains("--pin-stdin"), e.getMessage());
    assertFalse(e.cancelled());
  }

  @Test
  void theAgentNeverUsesTheTerminalButLooksForPinentryOnThePath() throws Exception {
    assertInstanceOf(
        PinentryPinSource.class, new PinSources(Map.of("SSH_ASKPASS", "a")).forAgent("p"));
    assertInstanceOf(
        PinentryPinSource.class,
        new PinSources(Map.of("JPKI_PINENTRY", "p", "SSH_ASKPASS", "a")).forAgent(null));
    assertInstanceOf(
        AskpassPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a", "PATH", dir.toString())).forAgent(null));
    Path pinentry = Files.createFile(dir.resolve("pinentry"));
    Files.setPosixFilePermissions(pinentry, PosixFilePermissions.fromString("rwx------"));
    assertInstanceOf(
        PinentryPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a", "PATH", dir.toString())).forAgent(null));
    PinEntryException e =
        assertThrows(
            PinEntryException.class,
            () ->
                new PinSources(Map.of("PATH", dir.resolve("none").toString()), false)
                    .forAgent(null));
    assertTrue(e.getMessage().contains("--pinentry"), e.getMessage());
  }

  @Test
  void theDialogComesAfterPinentryAndAskpassAndOnlyWhereThereIsADisplay() throws Exception {
    Map<String, String> none = Map.of("PATH", dir.resolve("none").toString());
    // the agent with nothing else: the dialog, if there is a display
    assertInstanceOf(DialogPinSource.class, new PinSources(none, true).forAgent(null));
    assertThrows(PinEntryException.class, () -> new PinSources(none, false).forAgent(null));
    // a command without a terminal: the same
    assertInstanceOf(
        DialogPinSource.class, new PinSources(none, true).forCommand(false, NO_INPUT, null, false));
    // anything configured comes first
    assertInstanceOf(
        AskpassPinSource.class,
        new PinSources(Map.of("SSH_ASKPASS", "a", "PATH", dir.resolve("none").toString()), true)
            .forAgent(null));
    assertInstanceOf(
        PinentryPinSource.class, new PinSources(Map.of("JPKI_PINENTRY", "p"), true).forAgent(null));
    assertInstanceOf(PinentryPinSource.class, new PinSources(none, true).forAgent("p"));
    assertInstanceOf(
        ConsolePinSource.class, new PinSources(none, true).forCommand(false, NO_INPUT, null, true));
    assertInstanceOf(
        StdinPinSource.class, new PinSources(none, true).forCommand(true, NO_INPUT, null, false));
  }

  @Test
  void aDisplayIsFoundTheWayTheJdkDecidesHeadlessness() {
    Map<String, String> x11 = Map.of("DISPLAY", ":0");
    assertTrue(DialogPinSource.displayAvailable(x11, "Linux", null));
    assertFalse(DialogPinSource.displayAvailable(Map.of(), "Linux", null), "no DISPLAY");
    assertFalse(DialogPinSource.displayAvailable(Map.of("DISPLAY", " "), "FreeBSD", null));
    assertTrue(DialogPinSource.displayAvailable(Map.of(), "Windows 11", null));
    assertTrue(DialogPinSource.displayAvailable(Map.of(), "Mac OS X", null));
    assertFalse(DialogPinSource.displayAvailable(x11, "Linux", "true"), "-Djava.awt.headless");
    assertFalse(DialogPinSource.displayAvailable(Map.of(), "Windows 10", "true"));
    assertTrue(DialogPinSource.displayAvailable(Map.of(), "Linux", "false"));
  }
}
