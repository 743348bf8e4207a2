package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.RequiresToolsCondition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PIN dialog for real, on a private Xvfb display: a user (java.awt.Robot) types into it,
 * cancels it, answers it wrongly and rightly, through the agent's backend on a simulated card
 * ({@link PinDialogDriver}, in a JVM of its own so that its display and its class loading are its
 * own). Then the JVM's class-loading log shows that nothing of AWT or Swing was loaded before the
 * first prompt.
 */
@Timeout(180)
class PinDialogXvfbTest {
  // AWT, Swing and Java2D: what the dialog pulls in.
  private static final Pattern AWT =
      Pattern.compile("\\] (java\\.awt|javax\\.swing|sun\\.awt" + "|sun\\.java2d)\\.");

  @TempDir Path dir;

  @Test
  @RequiresTools(ExternalTool.XVFB)
  void aUserTypesCancelsAndAnswersTheDialogAndAwtLoadsOnlyWhenItIsFirstShown() throws Exception {
    Path xvfb = Xvfb.program().orElseThrow();
    if (!Xvfb.jdkHasX11Toolkit()) {
      RequiresToolsCondition.skipOrFail(
          "this JDK has no X11 toolkit (libawt_xawt.so; install"
              + " the full JRE, e.g. openjdk-17-jre) for the PIN dialog test");
    }
    Path classLog = dir.resolve("classes.log");
    Path screenshot = Path.of("target", "pin-dialog.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    try (Xvfb x = Xvfb.start(xvfb)) {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xlog:class+load=info:file=" + classLog,
              "-cp",
              System.getProperty("java.class.path"),
              PinDialogDriver.class.getName(),
              screenshot.toString());
      Map<String, String> env = pb.environment();
      env.put("DISPLAY", x.display());
      env.remove("SSH_ASKPASS");
      env.remove("JPKI_PINENTRY");
      env.remove("WAYLAND_DISPLAY");
      pb.redirectErrorStream(true);
      Path output = dir.resolve("driver.out");
      pb.redirectOutput(output.toFile());
      Process driver = pb.start();
      boolean ended = driver.waitFor(150, TimeUnit.SECONDS);
      if (!ended) {
        driver.destroyForcibly();
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      System.out.println(out.strip());
      assertTrue(ended, "the driver hung:\n" + out);
      assertEquals(0, driver.exitValue(), out);
      assertTrue(out.contains("ok: Escape cancels"), out);
    }

    List<String> lines = Files.readAllLines(classLog, StandardCharsets.UTF_8);
    int marker = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(PinDialogDriver.BeforeFirstPrompt.class.getName() + " ")) {
        marker = i;
        break;
      }
    }
    assertTrue(marker > 0, "the marker class is in the class-loading log");
    List<String> early = new ArrayList<>();
    for (String line : lines.subList(0, marker)) {
      if (AWT.matcher(line).find()) {
        early.add(line);
      }
    }
    assertEquals(List.of(), early, "AWT classes loaded before the first prompt");
    assertTrue(
        lines.subList(marker, lines.size()).stream()
            .anyMatch(l -> l.contains("] java.awt.Window ")),
        "the log does record AWT afterwards");
    assertTrue(
        lines.subList(0, marker).stream()
            .anyMatch(l -> l.contains("] io.github.jpki4j.pin.DialogPinSource ")),
        "the dialog source was chosen before the prompt");
    assertFalse(
        lines.subList(0, marker).stream()
            .anyMatch(l -> l.contains("] io.github.jpki4j.pin.PinDialog ")),
        "its Swing half was not");
  }
}
