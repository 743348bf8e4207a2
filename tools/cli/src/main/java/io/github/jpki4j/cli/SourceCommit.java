package io.github.jpki4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The source commit a build of jpki was made from, as the build wrote it into {@code
 * build.properties} beside this class: the commit id, and whether the tree had uncommitted changes.
 * A build without git (from a source tarball) leaves the build's placeholders there, and the commit
 * is unknown.
 */
record SourceCommit(String id, boolean modified) {
  static final String RESOURCE = "build.properties";

  /** A git object name: SHA-1 (40 hex digits) or SHA-256 (64). */
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  /** The commit this build names, from its {@code build.properties}. */
  static SourceCommit ofThisBuild() {
    Properties p = new Properties();
    try (InputStream in = SourceCommit.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return of(p);
  }

  /** The commit that {@code build.properties} names; its id is null if it names none. */
  static SourceCommit of(Properties p) {
    String id = p.getProperty("commit", "").strip();
    if (!COMMIT_ID.matcher(id).matches()) {
      return new SourceCommit(null, false);
    }
    return new SourceCommit(id, "true".equals(p.getProperty("modified", "").strip()));
  }

  /** One line for {@code jpki --version}. */
  String describe() {
    if (id == null) {
      return "built from an unknown commit";
    }
    return "built from commit " + id + (modified ? " (modified)" : "");
  }
}
