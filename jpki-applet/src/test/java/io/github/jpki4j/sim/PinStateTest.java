package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PinState compares as a record does: every component, nothing else. */
class PinStateTest {
  private static final PinState STATE = new PinState("1234", 2, "ABC123", 4);

  @Test
  void equalComponentsAreEqualWithTheSameHash() {
    PinState same = new PinState(new String("1234"), 2, new String("ABC123"), 4);
    assertEquals(STATE, same);
    assertEquals(same, STATE);
    assertEquals(STATE.hashCode(), same.hashCode());
    assertEquals(STATE, STATE.withAuthTriesLeft(2).withSignTriesLeft(4));
  }

  @Test
  void anyComponentMakesADifference() {
    for (PinState other :
        List.of(
            new PinState("1235", 2, "ABC123", 4),
            new PinState("1234", 3, "ABC123", 4),
            new PinState("1234", 2, "ABC124", 4),
            new PinState("1234", 2, "ABC123", 5),
            new PinState("ABC123", 2, "1234", 4))) {
      assertNotEquals(STATE, other, other.toString());
      assertNotEquals(other, STATE, other.toString());
    }
  }

  @Test
  void notEqualToOtherTypesOrNull() {
    assertFalse(STATE.equals(null));
    assertFalse(STATE.equals(STATE.toString()));
  }
}
