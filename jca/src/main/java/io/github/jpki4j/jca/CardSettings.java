package io.github.jpki4j.jca;

import io.github.jpki4j.jpki.ReadMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Which card a keystore opens, from the same settings as the {@code jpki} command: the load
 * parameter first, then the system properties {@code jpki.simulator}, {@code jpki.reader} and
 * {@code jpki.extendedApdu} (for programs such as keytool, where {@code -J-Dname=value} is easier
 * than the environment), then the environment ({@code JPKI_SIMULATOR}, {@code JPKI_READER}, {@code
 * JPKI_EXTENDED_APDU}).
 *
 * <p>As in the CLI, a simulator named explicitly wins over a reader, and {@code JPKI_SIMULATOR} is
 * ignored when a reader is named explicitly (load parameter or property). An empty {@code
 * jpki.simulator} means the CLI's default simulator directory.
 *
 * @param simulator the simulated card's directory, or null for a PC/SC reader
 * @param reader the reader's index or (part of its) name; null for the first one with a card
 * @param readMode how certificates are read
 */
record CardSettings(Path simulator, String reader, ReadMode readMode) {
  static final String SIMULATOR_PROPERTY = "jpki.simulator";
  static final String READER_PROPERTY = "jpki.reader";
  static final String EXTENDED_APDU_PROPERTY = "jpki.extendedApdu";

  static CardSettings resolve(
      JpkiLoadParameter parameter, Properties properties, Map<String, String> env) {
    Path simulator = parameter.simulator();
    String reader = parameter.reader();
    if (simulator == null && reader == null) {
      String simProperty = properties.getProperty(SIMULATOR_PROPERTY);
      if (simProperty != null) {
        simulator =
            simProperty.isBlank()
                ? SimulatorHome.defaultDir(properties, env)
                : Path.of(simProperty);
      }
      reader = blankToNull(properties.getProperty(READER_PROPERTY));
    }
    if (simulator == null && reader == null) {
      String simEnv = blankToNull(env.get("JPKI_SIMULATOR"));
      simulator = simEnv == null ? null : Path.of(simEnv);
      reader = blankToNull(env.get("JPKI_READER"));
    }
    ReadMode mode = parameter.readMode();
    if (mode == null) {
      String flag = properties.getProperty(EXTENDED_APDU_PROPERTY, env.get("JPKI_EXTENDED_APDU"));
      boolean on =
          flag != null
              && List.of("1", "true", "yes").contains(flag.strip().toLowerCase(Locale.ROOT));
      mode = on ? ReadMode.EXTENDED : ReadMode.SHORT;
    }
    return new CardSettings(simulator, simulator != null ? null : reader, mode);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
