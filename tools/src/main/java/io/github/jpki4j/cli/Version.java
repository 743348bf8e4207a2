package io.github.jpki4j.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code jpki --version}: the version in the jar's manifest, or "development". */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"jpki4j " + (v == null ? "(development build)" : v)};
  }
}
