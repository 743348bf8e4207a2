package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the console shows; reading itself needs a real terminal and is not tested here. */
class ConsolePinSourceTest {
  static final String NL = System.lineSeparator();

  @Test
  void noTerminal() {
    PinRequest request = new PinRequest(null, null, "Auth PIN:", null);
    PinEntryException e =
        assertThrows(
            PinEntryException.class, () -> new ConsolePinSource(() -> null).readPin(request));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().startsWith("no terminal"), e.getMessage());
  }

  @Test
  void errorAndDescriptionComeBeforeThePrompt() {
    PinRequest request =
        new PinRequest(
            "jpki4j",
            "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.",
            "Auth PIN:",
            "Wrong PIN: 2 tries left");

    assertEquals(
        "Wrong PIN: 2 tries left"
            + NL
            + "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left."
            + NL,
        ConsolePinSource.preamble(request));
    assertEquals("Auth PIN: ", ConsolePinSource.promptText(request));
  }

  @Test
  void descriptionAlreadyInThePromptIsNotRepeated() {
    PinRequest request =
        new PinRequest(null, "2 of 3 tries left", "Auth PIN (4 digits, 2 of 3 tries left): ", null);

    assertEquals("", ConsolePinSource.preamble(request));
    assertEquals("Auth PIN (4 digits, 2 of 3 tries left): ", ConsolePinSource.promptText(request));
  }
}
