package io.github.jpki4j.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The java command line of a child JVM on the test's own class path. */
public final class TestJvm {
  /** The java of the JVM running the tests. */
  public static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** The tests' class path. */
  public static final String CLASS_PATH = System.getProperty("java.class.path");

  private TestJvm() {}

  /**
   * Runs {@code mainClass} with {@code args}, with the JIT and collector the launchers use for a
   * short run (C1 only, serial GC); the list may be added to.
   */
  public static List<String> command(String mainClass, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", CLASS_PATH, mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
