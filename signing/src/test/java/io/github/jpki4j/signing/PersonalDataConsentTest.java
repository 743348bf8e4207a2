package io.github.jpki4j.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consent before a signature with the signature key: given ahead, asked, or refused. */
class PersonalDataConsentTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final List<String> asked = new ArrayList<>();

  private String said() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private PersonalDataConsent.Terminal answering(String answer) {
    return question -> {
      asked.add(question);
      return answer;
    };
  }

  @Test
  void givenAheadItDoesNotAskButStillTells() {
    assertTrue(PersonalDataConsent.obtain(true, answering("n"), err, "jpki: "));
    assertTrue(asked.isEmpty());
    assertEquals("jpki: " + PersonalDataConsent.NOTICE + "\n", said().replace("\r", ""));
  }

  @Test
  void withoutATerminalItNamesTheOption() {
    assertFalse(PersonalDataConsent.obtain(false, null, err, "jpki: "));
    assertTrue(said().contains("name, address, birth date and sex"), said());
    assertTrue(said().contains(PersonalDataConsent.OPTION), said());
  }

  @Test
  void onATerminalOnlyYesGoesOn() {
    for (String yes : List.of("y", "Y", " yes ")) {
      assertTrue(PersonalDataConsent.obtain(false, answering(yes), err, ""), yes);
    }
    for (String no : new String[] {"", "n", "no", "sure", null}) {
      assertFalse(PersonalDataConsent.obtain(false, answering(no), err, ""), String.valueOf(no));
    }
    assertEquals(PersonalDataConsent.QUESTION, asked.get(0));
    assertTrue(said().contains("not signing"), said());
  }
}
