package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Terminal} in child JVMs of each JDK found, one before Java 22 (where {@code
 * System.console()} alone decides) and one from 22 on (where {@code Console.isTerminal()} does):
 * with the streams redirected there is no terminal; under {@code script(1)}, on a real pty, there
 * is; with the pty on stdin but stdout redirected to a file there is not. From 22 on the probe also
 * shows that {@code isTerminal()} was found and asked (on the pty it is what says yes).
 *
 * <p>Java 22 to 24 returned a console even with the streams redirected, which {@code isTerminal()}
 * then refuses; Java 25 returns none again by default, as 17 does, so on the JDKs at hand the
 * redirected cases hold either way, and the pty case is what proves the method handle works.
 *
 * <p>The JDKs are the one running the tests and those next to it (the folder holding {@code
 * java.home}, e.g. {@code /usr/lib/jvm}), or those {@code -Djpki.test.jdks=DIR:DIR} names. Without
 * a JDK on each side of 22 the missing side is skipped, and fails when tools are required (CI).
 */
@RequiresTools(ExternalTool.SCRIPT)
class TerminalTest {
  private static final Pattern PROBE =
      Pattern.compile("feature=(\\d+) asks=(\\w+) terminal=(\\w+)");

  @Test
  void beforeJava22() throws Exception {
    checkAll(jdks(false), false);
  }

  @Test
  void fromJava22On() throws Exception {
    checkAll(jdks(true), true);
  }

  private static void checkAll(List<Path> javas, boolean fromJava22) throws Exception {
    String side = fromJava22 ? "Java 22 or later" : "a Java before 22";
    if (javas.isEmpty()) {
      if (ExternalTool.required()) {
        fail("no JDK of " + side + " found (set -Djpki.test.jdks)");
      }
      Assumptions.abort("no JDK of " + side + " found next to java.home (set -Djpki.test.jdks)");
    }
    for (Path java : javas) {
      check(java, fromJava22);
    }
  }

  private static void check(Path java, boolean fromJava22) throws Exception {
    String probe = shellWords(java.toString(), "-cp", classPath(), TerminalProbe.class.getName());

    Matcher redirected =
        probe(
            TestProcess.of(java.toString(), "-cp", classPath(), TerminalProbe.class.getName())
                .stdin(""),
            java);
    assertEquals(String.valueOf(fromJava22), redirected.group(2), "asks isTerminal(): " + java);
    assertEquals("false", redirected.group(3), "stdin and stdout redirected: " + java);

    Matcher onPty = probe(TestProcess.of("script", "-qec", probe, "/dev/null").stdin(""), java);
    assertEquals("true", onPty.group(3), "on a pty: " + java);

    Path out = Files.createTempFile("terminal-probe", ".txt");
    try {
      TestProcess.of("script", "-qec", probe + " > " + shellWords(out.toString()), "/dev/null")
          .stdin("")
          .run()
          .assertOk("the probe under script, stdout to a file");
      Matcher toFile = PROBE.matcher(Files.readString(out));
      assertTrue(toFile.find(), "no probe output: " + Files.readString(out));
      assertEquals("false", toFile.group(3), "stdin a pty, stdout a file: " + java);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Matcher probe(TestProcess process, Path java) throws Exception {
    TestProcess.Result r = process.run().assertOk("the probe on " + java);
    Matcher m = PROBE.matcher(r.out());
    assertTrue(m.find(), "no probe output: " + r);
    return m;
  }

  /** The java launchers of the JDKs found, on one side of 22, one per feature version. */
  private static List<Path> jdks(boolean fromJava22) throws IOException {
    Map<Integer, Path> byFeature = new TreeMap<>();
    for (Path home : jdkHomes()) {
      Path java = home.resolve("bin").resolve("java");
      Integer feature = feature(home);
      if (feature != null && Files.isExecutable(java) && (feature >= 22) == fromJava22) {
        byFeature.putIfAbsent(feature, java);
      }
    }
    return new ArrayList<>(byFeature.values());
  }

  private static List<Path> jdkHomes() throws IOException {
    List<Path> homes = new ArrayList<>();
    Path current = Path.of(System.getProperty("java.home"));
    homes.add(current);
    String given = System.getProperty("jpki.test.jdks");
    if (given != null && !given.isBlank()) {
      for (String dir : Pattern.compile(Pattern.quote(File.pathSeparator)).split(given)) {
        if (!dir.isBlank()) {
          homes.add(Path.of(dir));
        }
      }
    } else if (current.getParent() != null) {
      try (Stream<Path> siblings = Files.list(current.getParent())) {
        siblings.filter(Files::isDirectory).sorted().forEach(homes::add);
      }
    }
    return homes;
  }

  // JAVA_VERSION="17.0.15" in the JDK's release file; null when there is none
  private static Integer feature(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return null;
    }
    Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static String classPath() throws URISyntaxException {
    return String.join(
        File.pathSeparator,
        location(Terminal.class).toString(),
        location(TerminalProbe.class).toString());
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String shellWords(String... words) {
    StringBuilder s = new StringBuilder();
    for (String w : words) {
      s.append(s.length() == 0 ? "" : " ")
          .append('\'')
          .append(w.replace("'", "'\\''"))
          .append('\'');
    }
    return s.toString();
  }
}
