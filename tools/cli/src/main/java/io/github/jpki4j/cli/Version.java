package io.github.jpki4j.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code jpki --version}: jpki's version (from the jar's manifest, or "development build"), the
 * source commit it was built from, the Java runtime and the OS, one line each, for bug reports.
 */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "jpki4j " + jpki(),
      SourceCommit.ofThisBuild().describe(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("java.home")
          + ")",
      System.getProperty("os.name")
          + " "
          + System.getProperty("os.version")
          + " "
          + System.getProperty("os.arch")
    };
  }

  /** The version of this build of jpki, as the build wrote it into the jar's manifest. */
  static String jpki() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }
}
