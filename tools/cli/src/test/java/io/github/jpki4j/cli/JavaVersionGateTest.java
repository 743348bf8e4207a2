package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The launchers' main class refuses a Java older than 17 in one sentence. */
class JavaVersionGateTest {
  @Test
  void featureReleaseOfEverySpecificationVersionForm() {
    assertEquals(8, JavaVersionGate.feature("1.8"));
    assertEquals(7, JavaVersionGate.feature("1.7"));
    assertEquals(11, JavaVersionGate.feature("11"));
    assertEquals(17, JavaVersionGate.feature("17"));
    assertEquals(25, JavaVersionGate.feature("25"));
    assertEquals(0, JavaVersionGate.feature(""));
    assertEquals(0, JavaVersionGate.feature("unknown"));
  }

  @Test
  void theRefusalIsOneSentenceThatSaysWhatToDo() {
    String s = JavaVersionGate.refusal("11", "/usr/lib/jvm/java-11");
    assertEquals(
        "jpki: jpki needs Java 17 or newer, but this is Java 11 (/usr/lib/jvm/java-11):"
            + " set JAVA_HOME to a Java 17 or newer, or put one first on the PATH.",
        s);
    assertFalse(s.contains("\n"));
    assertTrue(JavaVersionGate.refusal("", "/x").contains("(unknown version)"));
  }

  @Test
  void theGateIsJava8Bytecode() throws Exception {
    try (var in = JavaVersionGate.class.getResourceAsStream("JavaVersionGate.class")) {
      byte[] header = in.readNBytes(8);
      assertEquals(52, ((header[6] & 0xff) << 8) | (header[7] & 0xff), "class file major");
    }
  }
}
