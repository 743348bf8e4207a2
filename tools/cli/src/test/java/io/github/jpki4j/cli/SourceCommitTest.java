package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The source commit line of jpki --version, from what the build wrote into build.properties. */
class SourceCommitTest {
  private static final String SHA1 = "f7b45fa40d801230160515b18d839155e2d5dd3c";

  private static SourceCommit parse(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return SourceCommit.of(p);
  }

  @Test
  void aCleanTreeNamesItsCommit() throws IOException {
    assertEquals(
        "built from commit " + SHA1, parse("commit=" + SHA1 + "\nmodified=false\n").describe());
  }

  @Test
  void uncommittedChangesSayModified() throws IOException {
    assertEquals(
        "built from commit " + SHA1 + " (modified)",
        parse("commit=" + SHA1 + "\nmodified=true\n").describe());
  }

  @Test
  void aSha256RepositoryIsACommitToo() throws IOException {
    String sha256 = SHA1 + SHA1.substring(0, 24);
    assertEquals("built from commit " + sha256, parse("commit=" + sha256 + "\n").describe());
  }

  @Test
  void withoutGitThePlaceholdersAreLeftAndTheCommitIsUnknown() throws IOException {
    // what the build leaves in build.properties when it found no git or no repository
    SourceCommit c = parse("commit=${git.commit.id}\nmodified=${git.dirty}\n");
    assertEquals("built from an unknown commit", c.describe());
    assertEquals("built from an unknown commit", parse("").describe());
    assertEquals("built from an unknown commit", parse("commit=not-a-commit\n").describe());
  }

  @Test
  void thisBuildWroteItsCommit() {
    // the tests run from a git checkout or from a source tarball: either way, one of the two forms
    String line = SourceCommit.ofThisBuild().describe();
    assertTrue(
        line.matches("built from (commit [0-9a-f]{40}( \\(modified\\))?|an unknown commit)"), line);
  }
}
