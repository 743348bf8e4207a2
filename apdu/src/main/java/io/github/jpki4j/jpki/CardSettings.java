package io.github.jpki4j.jpki;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Which card to use and how to read it: the one reading of jpki4j's card settings, for the {@code
 * jpki} command, its agent and the {@code JPKI} security provider alike.
 *
 * <p>The settings come in three layers, highest first:
 *
 * <ol>
 *   <li>what the program is told directly: the command-line options ({@code --simulator[=DIR]},
 *       {@code --reader NAME|INDEX}, {@code --card FINGERPRINT}, {@code --extended-apdu}) or a
 *       keystore's load parameter;
 *   <li>the system properties {@value #SIMULATOR_PROPERTY}, {@value #READER_PROPERTY}, {@value
 *       #CARD_PROPERTY} and {@value #EXTENDED_APDU_PROPERTY} (for programs such as keytool, where
 *       {@code -J-Dname=value} is easier than the environment);
 *   <li>the environment: {@value #SIMULATOR_ENV}, {@value #READER_ENV}, {@value #CARD_ENV}, {@value
 *       #EXTENDED_APDU_ENV}.
 * </ol>
 *
 * <p>The rule: the highest layer that names a card decides which card, and within one layer a
 * simulator wins over a card's fingerprint, which wins over a reader; a reader named in a higher
 * layer thus overrides {@code JPKI_SIMULATOR} and {@code JPKI_CARD}. A simulator without a
 * directory ({@code --simulator}, an empty {@code jpki.simulator}) is kept in the first directory a
 * lower layer names, else in {@link #defaultSimulatorDir the user's data directory}. No layer
 * naming a card means the first reader with a card. Extended APDUs are on or off as the highest
 * layer that says so has it ({@code 1}, {@code true} or {@code yes}); the default is short reads.
 * Blank values count as unset, except a blank simulator directory, which asks for the simulated
 * card.
 *
 * @param card the card to connect to
 * @param readMode how certificates are read
 * @param simulatorHome where the simulated card lives, whether used or not ({@code jpki sim})
 */
public record CardSettings(CardSelector card, ReadMode readMode, Path simulatorHome) {
  public static final String SIMULATOR_PROPERTY = "jpki.simulator";
  public static final String READER_PROPERTY = "jpki.reader";
  public static final String CARD_PROPERTY = "jpki.card";
  public static final String EXTENDED_APDU_PROPERTY = "jpki.extendedApdu";
  public static final String SIMULATOR_ENV = "JPKI_SIMULATOR";
  public static final String READER_ENV = "JPKI_READER";
  public static final String CARD_ENV = "JPKI_CARD";
  public static final String EXTENDED_APDU_ENV = "JPKI_EXTENDED_APDU";

  public CardSettings {
    Objects.requireNonNull(card, "card");
    Objects.requireNonNull(readMode, "readMode");
    Objects.requireNonNull(simulatorHome, "simulatorHome");
  }

  /**
   * What one layer says; {@code null} where it says nothing.
   *
   * @param simulator the simulated card's directory; empty for "the simulated card, wherever a
   *     lower layer or the default keeps it"
   * @param reader the reader's index or (part of its) name
   * @param card the card's auth key fingerprint, or a unique prefix of it ({@link
   *     CardSelector.Fingerprint})
   * @param extendedApdu whether to read certificates with extended APDUs
   */
  public record Layer(String simulator, String reader, String card, Boolean extendedApdu) {
    /** A layer that says nothing. */
    public static final Layer NONE = new Layer(null, null, null, null);

    /** A layer that names no card by its fingerprint. */
    public Layer(String simulator, String reader, Boolean extendedApdu) {
      this(simulator, reader, null, extendedApdu);
    }

    /** The system-property layer. */
    public static Layer of(Properties properties) {
      return new Layer(
          properties.getProperty(SIMULATOR_PROPERTY),
          properties.getProperty(READER_PROPERTY),
          properties.getProperty(CARD_PROPERTY),
          flag(properties.getProperty(EXTENDED_APDU_PROPERTY)));
    }

    /** The environment layer; here a blank simulator directory is unset. */
    public static Layer of(Map<String, String> env) {
      String simulator = env.get(SIMULATOR_ENV);
      return new Layer(
          given(simulator) ? simulator : null,
          env.get(READER_ENV),
          env.get(CARD_ENV),
          flag(env.get(EXTENDED_APDU_ENV)));
    }

    boolean namesCard() {
      return simulator != null || given(reader) || given(card);
    }
  }

  /**
   * Reads the settings from the three layers.
   *
   * @param given what the program was told directly (options, load parameter); {@link Layer#NONE}
   *     for nothing
   * @param properties the system properties (also for the default directory: {@code user.home},
   *     {@code os.name})
   * @param env the environment
   */
  public static CardSettings resolve(Layer given, Properties properties, Map<String, String> env) {
    List<Layer> layers = List.of(given, Layer.of(properties), Layer.of(env));
    Path home = null;
    for (Layer l : layers) {
      if (given(l.simulator())) {
        home = Path.of(l.simulator());
        break;
      }
    }
    if (home == null) {
      home = defaultSimulatorDir(properties, env);
    }
    CardSelector card = CardSelector.anyReader();
    for (Layer l : layers) {
      if (l.namesCard()) {
        card =
            l.simulator() != null
                ? new CardSelector.Simulator(home)
                : given(l.card())
                    ? new CardSelector.Fingerprint(l.card())
                    : new CardSelector.Reader(l.reader());
        break;
      }
    }
    ReadMode mode = ReadMode.SHORT;
    for (Layer l : layers) {
      if (l.extendedApdu() != null) {
        mode = l.extendedApdu() ? ReadMode.EXTENDED : ReadMode.SHORT;
        break;
      }
    }
    return new CardSettings(card, mode, home);
  }

  /** The settings of this JVM: its system properties and environment, nothing given directly. */
  public static CardSettings ofSystem() {
    return resolve(Layer.NONE, System.getProperties(), System.getenv());
  }

  /** The same settings for another card (e.g. a terminal the program holds). */
  public CardSettings withCard(CardSelector other) {
    return new CardSettings(other, readMode, simulatorHome);
  }

  /** Whether the card is the simulated one. */
  public boolean simulated() {
    return card instanceof CardSelector.Simulator;
  }

  /** The simulated card's directory, or {@code null} when another card is used. */
  public Path simulatorDir() {
    return card instanceof CardSelector.Simulator s ? s.directory() : null;
  }

  /** The reader named (index or name), or {@code null} for "the first with a card" or no reader. */
  public String reader() {
    return card instanceof CardSelector.Reader r ? r.nameOrIndex() : null;
  }

  /**
   * Where the simulated card lives when no directory is named: {@code
   * $XDG_DATA_HOME/jpki4j/simulator} (default {@code ~/.local/share}) on Linux and BSD, {@code
   * ~/Library/Application Support/jpki4j/simulator} on macOS, {@code
   * %LOCALAPPDATA%\jpki4j\simulator} on Windows.
   */
  public static Path defaultSimulatorDir(Properties properties, Map<String, String> env) {
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

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }

  private static Boolean flag(String value) {
    if (value == null) {
      return null;
    }
    return List.of("1", "true", "yes").contains(value.strip().toLowerCase(Locale.ROOT));
  }
}
