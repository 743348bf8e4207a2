package io.github.jpki4j.jca;

import io.github.jpki4j.jpki.CardSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the simulated card lives when no directory is named, for the provider and the CLI alike:
 * {@code $XDG_DATA_HOME/jpki4j/simulator} (default {@code ~/.local/share}) on Linux and BSD, {@code
 * ~/Library/Application Support/jpki4j/simulator} on macOS, {@code %LOCALAPPDATA%\jpki4j\simulator}
 * on Windows. The rule is the driver's, {@link CardSettings#defaultSimulatorDir}.
 */
public final class SimulatorHome {
  private SimulatorHome() {}

  /** The default directory for this JVM's user and OS. */
  public static Path defaultDir() {
    return defaultDir(System.getProperties(), System.getenv());
  }

  /** The default directory for the given system properties and environment. */
  public static Path defaultDir(Properties properties, Map<String, String> env) {
    return CardSettings.defaultSimulatorDir(properties, env);
  }
}
