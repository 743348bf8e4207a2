package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessDumpingTest {

  /** Makes this test JVM non-dumpable too: harmless for the other tests, which never attach. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void onLinuxTheProcessBecomesNonDumpableAndSaysSo() {
    String line = ProcessDumping.forbid(System.getProperty("os.name"));
    assertTrue(line.startsWith("process memory: not dumpable ("), line);
    assertFalse(ProcessDumping.dumpable(), "prctl(PR_GET_DUMPABLE) after the call");
  }

  @Test
  void elsewhereTheLogLineSaysWhatIsNotDone() {
    assertEquals(
        "process memory: still dumpable (not available on macOS)",
        ProcessDumping.forbid("Mac OS X"));
    assertEquals(
        "process memory: other users are kept out by Windows; nothing more is needed",
        ProcessDumping.forbid("Windows 11"));
    assertEquals(
        "process memory: still dumpable (not available on FreeBSD)",
        ProcessDumping.forbid("FreeBSD"));
  }
}
