package io.github.jpki4j.cli;

/**
 * The main class of the release launchers ({@code bin/jpki}, {@code bin/jpki.cmd}). It is compiled
 * for Java 8 (unlike the rest of jpki, which needs 17), so that an older Java can load it and say
 * so in one sentence instead of an {@code UnsupportedClassVersionError}; on Java 17 or newer it
 * hands over to {@link Main} in the same JVM. The launchers cannot always tell the version
 * themselves: the {@code java} on the PATH may be a wrapper script or a Windows link with no
 * {@code release} file beside it.
 */
public final class JavaVersionGate {
  static final int MINIMUM = 17;

  private JavaVersionGate() {}

  public static void main(String[] args) {
    String spec = System.getProperty("java.specification.version", "");
    if (feature(spec) < MINIMUM) {
      System.err.println(refusal(spec, System.getProperty("java.home", "")));
      System.exit(ExitCodes.FAILURE);
    }
    // Main and everything it uses are Java 17 classes: the JVM loads them only here.
    Main.main(args);
  }

  /** The feature release of a {@code java.specification.version}: "1.8" is 8, "17" is 17. */
  static int feature(String spec) {
    String s = spec.startsWith("1.") ? spec.substring(2) : spec;
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
  }

  static String refusal(String spec, String javaHome) {
    return "jpki: jpki needs Java " + MINIMUM + " or newer, but this is Java "
        + (spec.isEmpty() ? "(unknown version)" : spec) + " (" + javaHome
        + "): set JAVA_HOME to a Java " + MINIMUM + " or newer, or put one first on the PATH.";
  }
}
