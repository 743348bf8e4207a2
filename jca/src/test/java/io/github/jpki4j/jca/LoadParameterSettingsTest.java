package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.jpki4j.jpki.CardSelector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.ReadMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import org.junit.jupiter.api.Test;

/** The load parameter is the highest layer of the driver's card settings. */
class LoadParameterSettingsTest {
  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("user.home", "/home/u");
    p.setProperty("os.name", "Linux");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  private static CardSettings settings(
      JpkiLoadParameter parameter, Properties p, Map<String, String> env) {
    return CardSession.settings(parameter, p, env);
  }

  @Test
  void theParametersCardWinsOverPropertiesAndEnvironment() {
    Properties p = props("jpki.simulator", "/prop", "jpki.extendedApdu", "1");
    Map<String, String> env = Map.of("JPKI_SIMULATOR", "/env", "JPKI_READER", "2");
    assertEquals(
        new CardSelector.Reader("ACS"),
        settings(JpkiLoadParameter.noPin().withReader("ACS"), p, env).card());
    assertEquals(
        Path.of("/mine"),
        settings(JpkiLoadParameter.noPin().withSimulator(Path.of("/mine")), props(), env)
            .simulatorDir());
    assertEquals(
        ReadMode.SHORT,
        settings(JpkiLoadParameter.noPin().withReadMode(ReadMode.SHORT), p, env).readMode());
  }

  @Test
  void withoutCardInTheParameterThePropertiesThenTheEnvironment() {
    Map<String, String> env = Map.of("JPKI_SIMULATOR", "/env", "JPKI_EXTENDED_APDU", "yes");
    CardSettings fromProps = settings(JpkiLoadParameter.noPin(), props("jpki.reader", "1"), env);
    assertEquals(new CardSelector.Reader("1"), fromProps.card());
    assertEquals(ReadMode.EXTENDED, fromProps.readMode());
    assertEquals(Path.of("/env"), settings(JpkiLoadParameter.noPin(), props(), env).simulatorDir());
  }

  @Test
  void aTerminalGivenIsTheCard() {
    CardTerminal terminal =
        new CardTerminal() {
          @Override
          public String getName() {
            return "given";
          }

          @Override
          public Card connect(String protocol) throws CardException {
            throw new CardException("not used");
          }

          @Override
          public boolean isCardPresent() {
            return false;
          }

          @Override
          public boolean waitForCardPresent(long timeout) {
            return false;
          }

          @Override
          public boolean waitForCardAbsent(long timeout) {
            return true;
          }
        };
    CardSettings s =
        settings(
            JpkiLoadParameter.noPin().withTerminal(terminal),
            props("jpki.simulator", "/prop"),
            Map.of("JPKI_EXTENDED_APDU", "1"));
    assertSame(terminal, ((CardSelector.Terminal) s.card()).terminal());
    assertEquals(ReadMode.EXTENDED, s.readMode(), "the rest still from the layers");
  }
}
