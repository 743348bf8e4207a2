package io.github.jpki4j.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Where the simulated card lives when {@code --simulator} names no directory. */
final class SimulatorHome {
  private SimulatorHome() {}

  /**
   * {@code $XDG_DATA_HOME/jpki4j/simulator} (default {@code ~/.local/share}) on Linux and BSD,
   * {@code ~/Library/Application Support/jpki4j/simulator} on macOS, {@code
   * %LOCALAPPDATA%\jpki4j\simulator} on Windows.
   */
  static Path defaultDir() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path home = Path.of(System.getProperty("user.home"));
    if (os.contains("windows")) {
      String local = System.getenv("LOCALAPPDATA");
      return (local != null ? Path.of(local) : home.resolve("AppData").resolve("Local"))
          .resolve("jpki4j")
          .resolve("simulator");
    }
    if (os.contains("mac")) {
      return home.resolve("Library")
          .resolve("Application Support")
          .resolve("jpki4j")
          .resolve("simulator");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
    return data.resolve("jpki4j").resolve("simulator");
  }
}
