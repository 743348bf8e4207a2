package io.github.jpki4j.jpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.jpki.CardSettings.Layer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The one precedence rule for options (or load parameter), system properties and environment. */
class CardSettingsTest {
  private static final Path HOME = Path.of("/home/u");

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("user.home", HOME.toString());
    p.setProperty("os.name", "Linux");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static Map<String, String> env(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static CardSettings resolve(Layer given, Properties p, Map<String, String> e) {
    return CardSettings.resolve(given, p, e);
  }

  private static final Path DEFAULT = HOME.resolve(".local/share/jpki4j/simulator");

  @Test
  void nothingNamedIsTheFirstReaderWithACardAndShortReads() {
    CardSettings s = resolve(Layer.NONE, props(), env());
    assertEquals(CardSelector.anyReader(), s.card());
    assertNull(s.reader());
    assertNull(s.simulatorDir());
    assertFalse(s.simulated());
    assertEquals(ReadMode.SHORT, s.readMode());
    assertEquals(DEFAULT, s.simulatorHome());
  }

  @Test
  void theEnvironmentAlone() {
    assertEquals(
        new CardSelector.Simulator(Path.of("/env")),
        resolve(Layer.NONE, props(), env("JPKI_SIMULATOR", "/env")).card());
    assertEquals(
        new CardSelector.Reader("ACS"),
        resolve(Layer.NONE, props(), env("JPKI_READER", "ACS")).card());
    // within one layer the simulator wins
    assertEquals(
        Path.of("/env"),
        resolve(Layer.NONE, props(), env("JPKI_SIMULATOR", "/env", "JPKI_READER", "1"))
            .simulatorDir());
    // blank is unset
    assertEquals(
        CardSelector.anyReader(),
        resolve(Layer.NONE, props(), env("JPKI_SIMULATOR", " ", "JPKI_READER", "")).card());
  }

  @Test
  void aReaderNamedHigherOverridesTheEnvironmentsSimulator() {
    Map<String, String> e = env("JPKI_SIMULATOR", "/env");
    assertEquals(
        new CardSelector.Reader("0"), resolve(new Layer(null, "0", null), props(), e).card());
    assertEquals(
        new CardSelector.Reader("Pa"), resolve(Layer.NONE, props("jpki.reader", "Pa"), e).card());
    assertEquals(Path.of("/env"), resolve(new Layer(null, "0", null), props(), e).simulatorHome());
  }

  @Test
  void aSimulatorNamedHigherOverridesTheEnvironmentsReader() {
    Map<String, String> e = env("JPKI_READER", "1");
    assertEquals(
        DEFAULT, resolve(new Layer("", null, null), props(), e).simulatorDir(), "the default");
    assertEquals(
        Path.of("/p"), resolve(Layer.NONE, props("jpki.simulator", "/p"), e).simulatorDir());
  }

  @Test
  void theGivenLayerBeatsThePropertiesWhichBeatTheEnvironment() {
    Properties p = props("jpki.simulator", "/prop");
    Map<String, String> e = env("JPKI_SIMULATOR", "/env");
    assertEquals(Path.of("/opt"), resolve(new Layer("/opt", null, null), p, e).simulatorDir());
    assertEquals(Path.of("/prop"), resolve(Layer.NONE, p, e).simulatorDir());
    assertEquals(Path.of("/env"), resolve(Layer.NONE, props(), e).simulatorDir());
    // both named in the given layer: the simulator, as --simulator --reader X always did
    assertTrue(resolve(new Layer("/opt", "0", null), p, e).simulated());
  }

  @Test
  void aSimulatorWithoutADirectoryUsesTheFirstDirectoryBelowElseTheDefault() {
    Layer bare = new Layer("", null, null);
    assertEquals(
        Path.of("/env"), resolve(bare, props(), env("JPKI_SIMULATOR", "/env")).simulatorDir());
    assertEquals(
        Path.of("/prop"),
        resolve(bare, props("jpki.simulator", "/prop"), env("JPKI_SIMULATOR", "/env"))
            .simulatorDir());
    assertEquals(
        Path.of("/env"),
        resolve(Layer.NONE, props("jpki.simulator", ""), env("JPKI_SIMULATOR", "/env"))
            .simulatorDir());
    assertEquals(DEFAULT, resolve(bare, props(), env("JPKI_SIMULATOR", "  ")).simulatorDir());
  }

  @Test
  void extendedApdusFromTheHighestLayerThatSays() {
    assertEquals(
        ReadMode.EXTENDED,
        resolve(Layer.NONE, props(), env("JPKI_EXTENDED_APDU", " YES ")).readMode());
    assertEquals(
        ReadMode.EXTENDED, resolve(Layer.NONE, props(), env("JPKI_EXTENDED_APDU", "1")).readMode());
    assertEquals(
        ReadMode.EXTENDED,
        resolve(Layer.NONE, props(), env("JPKI_EXTENDED_APDU", "true")).readMode());
    assertEquals(
        ReadMode.SHORT, resolve(Layer.NONE, props(), env("JPKI_EXTENDED_APDU", "0")).readMode());
    assertEquals(
        ReadMode.SHORT,
        resolve(Layer.NONE, props("jpki.extendedApdu", "no"), env("JPKI_EXTENDED_APDU", "1"))
            .readMode(),
        "a property that says no wins over the environment");
    assertEquals(
        ReadMode.EXTENDED,
        resolve(new Layer(null, null, true), props("jpki.extendedApdu", "no"), env()).readMode());
    assertEquals(
        ReadMode.SHORT,
        resolve(new Layer(null, null, false), props(), env("JPKI_EXTENDED_APDU", "1")).readMode());
  }

  @Test
  void theDefaultDirectoryPerOperatingSystem() {
    Properties mac = props("os.name", "Mac OS X");
    assertEquals(
        HOME.resolve("Library/Application Support/jpki4j/simulator"),
        CardSettings.defaultSimulatorDir(mac, env()));
    Properties win = props("os.name", "Windows 11");
    assertEquals(
        Path.of("/local/jpki4j/simulator"),
        CardSettings.defaultSimulatorDir(win, env("LOCALAPPDATA", "/local")));
    assertEquals(
        HOME.resolve("AppData/Local/jpki4j/simulator"),
        CardSettings.defaultSimulatorDir(win, env()));
    assertEquals(
        Path.of("/xdg/jpki4j/simulator"),
        CardSettings.defaultSimulatorDir(props(), env("XDG_DATA_HOME", "/xdg")));
    assertEquals(DEFAULT, CardSettings.defaultSimulatorDir(props(), env("XDG_DATA_HOME", " ")));
  }

  @Test
  void anotherCardKeepsTheRest() {
    CardSettings s =
        resolve(Layer.NONE, props(), env("JPKI_SIMULATOR", "/env", "JPKI_EXTENDED_APDU", "1"));
    CardSettings r = s.withCard(new CardSelector.Reader("2"));
    assertEquals("2", r.reader());
    assertEquals(ReadMode.EXTENDED, r.readMode());
    assertEquals(Path.of("/env"), r.simulatorHome());
  }

  @Test
  void aCardsFingerprintFromEachLayerWithTheSamePrecedence() {
    CardSelector abc = new CardSelector.Fingerprint("SHA256:abc");
    assertEquals(abc, resolve(Layer.NONE, props(), env("JPKI_CARD", "abc")).card());
    assertEquals(abc, resolve(Layer.NONE, props("jpki.card", "SHA256:abc"), env()).card());
    assertEquals(
        abc, resolve(new Layer(null, null, "abc", null), props(), env("JPKI_CARD", "x")).card());
    // within one layer: simulator, then fingerprint, then reader
    assertEquals(abc, resolve(new Layer(null, "0", "abc", null), props(), env()).card());
    assertTrue(resolve(new Layer("/opt", null, "abc", null), props(), env()).simulated());
    // a higher layer naming a reader overrides JPKI_CARD, and --card overrides JPKI_READER
    assertEquals(
        new CardSelector.Reader("1"),
        resolve(new Layer(null, "1", null), props(), env("JPKI_CARD", "abc")).card());
    assertEquals(
        abc, resolve(new Layer(null, null, "abc", null), props(), env("JPKI_READER", "1")).card());
    // blank is unset
    assertEquals(
        CardSelector.anyReader(), resolve(Layer.NONE, props(), env("JPKI_CARD", " ")).card());
  }

  @Test
  void aFingerprintPrefixWithOrWithoutItsScheme() {
    CardSelector.Fingerprint bare = new CardSelector.Fingerprint("0TIRQ8");
    assertEquals(bare, new CardSelector.Fingerprint(" sha256:0TIRQ8"));
    assertEquals("SHA256:0TIRQ8", bare.toString());
    assertTrue(bare.matches("SHA256:0TIRQ83y5ioE8Fe7UTPPqLXUrJ+z6Iw4lRwJjZKHO9U"));
    assertFalse(bare.matches("SHA256:0tirq83y5ioE8Fe7UTPPqLXUrJ+z6Iw4lRwJjZKHO9U"), "base64 case");
    assertFalse(bare.matches(null));
    assertThrows(IllegalArgumentException.class, () -> new CardSelector.Fingerprint("SHA256:"));
  }
}
