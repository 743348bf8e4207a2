package io.github.jpki4j.jca;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the simulated card lives when no directory is named, for the provider and the CLI alike:
 * {@code $XDG_DATA_HOME/jpki4j/simulator} (default {@code ~/.local/share}) on Linux and BSD, {@code
 * ~/Library/Application Support/jpki4j/simulator} on macOS, {@code %LOCALAPPDATA%\jpki4j\simulator}
 * on Windows.
 */
public final class SimulatorHome {
  private SimulatorHome() {}

  /** The default directory for this JVM's user and OS. */
  public static Path defaultDir() {
    return defaultDir(System.getProperties(), System.getenv());
  }

  /** The default directory for the given system properties and environment. */
  public static Path defaultDir(Properties properties, Map<String, String> env) {
    String os = properties.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path home = Path.of(properties.getProperty("user.home"));
    if (os.contains("windows")) {
      String local = env.get("LOCALAPPDATA");
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
    String xdg = env.get("XDG_DATA_HOME");
    Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
    return data.resolve("jpki4j").resolve("simulator");
  }
}
