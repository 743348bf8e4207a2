package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.PinPolicy;
import io.github.jpki4j.jpki.PinPrompt;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.jpki.WrongPinException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A driver's prompt as each medium shows it, and a source as the driver's asker. */
class PinRequestFromPromptTest {
  private static PinPrompt prompt() throws Exception {
    return PinPolicy.defaults()
        .askingFor("the jpki SSH agent")
        .promptFor(new PinStatus(JpkiPin.AUTH, 2))
        .afterFailure(new WrongPinException(JpkiPin.AUTH, 2));
  }

  @Test
  void eachMediumTakesTheWordsItHasRoomFor() throws Exception {
    String description =
        "My Number Card: enter the auth PIN (4 digits) for the jpki SSH agent. 2 of 3 tries left.";
    assertEquals(
        new PinRequest(
            "jpki4j", null, "Auth PIN (4 digits, 2 of 3 tries left): ", "Wrong PIN: 2 tries left"),
        PinRequest.oneLine(prompt()));
    assertEquals(
        new PinRequest(
            "jpki4j",
            description,
            "Auth PIN (4 digits, 2 of 3 tries left): ",
            "Wrong PIN: 2 tries left"),
        PinRequest.described(prompt()));
    assertEquals(
        new PinRequest("jpki4j", description, "Auth PIN:", "Wrong PIN: 2 tries left"),
        PinRequest.labelled(prompt()));
    assertNull(
        PinRequest.oneLine(PinPolicy.defaults().promptFor(new PinStatus(JpkiPin.SIGN, 5))).error());
  }

  @Test
  void aSourceAsTheDriversAskerShowsTheWordsChosenAndPassesItsFailureOn() throws Exception {
    List<PinRequest> shown = new ArrayList<>();
    char[] answer = "1234".toCharArray();
    PinSource source =
        request -> {
          shown.add(request);
          return answer;
        };
    assertSame(answer, source.asker(PinRequest::labelled).askPin(prompt()));
    assertEquals(List.of(PinRequest.labelled(prompt())), shown);
    assertArrayEquals("1234".toCharArray(), answer, "the asker leaves wiping to the session");

    PinEntryException cancelled = new PinEntryException("PIN entry cancelled", true);
    PinSource cancelling =
        request -> {
          throw cancelled;
        };
    assertSame(
        cancelled,
        assertThrows(
            PinEntryException.class, () -> cancelling.asker(PinRequest::oneLine).askPin(prompt())));
  }
}
