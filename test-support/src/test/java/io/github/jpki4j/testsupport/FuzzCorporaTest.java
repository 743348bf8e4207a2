package io.github.jpki4j.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code @FuzzTest} of the repository has a committed corpus that {@code mvn verify} replays,
 * and every committed corpus belongs to a {@code @FuzzTest}.
 */
class FuzzCorporaTest {
  /** The repository: test-support's parent (surefire runs in the module's directory). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyFuzzTargetHasACorpusAndEveryCorpusATarget() throws Exception {
    List<FuzzCorpora.Target> targets = FuzzCorpora.targets(ROOT);
    assertTrue(targets.size() >= 10, () -> "found only " + targets + " under " + ROOT);
    List<String> problems = FuzzCorpora.problems(ROOT);
    assertTrue(
        problems.isEmpty(),
        () ->
            String.join("\n", problems)
                + "\n(a corpus follows its method: rename or remove its directory with it; a new"
                + " target needs seeds, see docs/robustness.md)");
  }

  @Test
  void aRenamedMethodAndAnOrphanedCorpusAreBothFound(@TempDir Path root) throws Exception {
    Path module = root.resolve("mod");
    Path source = module.resolve("src/test/java/a/b/fuzz/ThingFuzzTest.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package a.b.fuzz;

        import com.code_intelligence.jazzer.junit.%s;

        class ThingFuzzTest {
          @FuzzTest
          void parse(FuzzedDataProvider data) {}

          @FuzzTest(maxDuration = "10s")
          @SuppressWarnings("x")
          static void renamed(byte[] data) {}

          @FuzzTest void empty(byte[] data) {}
        }
        """
            .formatted("FuzzTest")); // not the import itself: this file is no fuzz test
    Path inputs = module.resolve("src/test/resources/a/b/fuzz/ThingFuzzTestInputs");
    Files.createDirectories(inputs.resolve("parse"));
    Files.writeString(inputs.resolve("parse/seed"), "x");
    Files.createDirectories(inputs.resolve("empty"));
    Files.createDirectories(inputs.resolve("oldName"));
    Files.writeString(inputs.resolve("oldName/seed"), "y");
    Files.createDirectories(module.resolve("src/test/resources/a/b/fuzz/GoneFuzzTestInputs/m"));

    assertEquals(
        List.of("ThingFuzzTest#parse", "ThingFuzzTest#renamed", "ThingFuzzTest#empty"),
        FuzzCorpora.targets(root).stream().map(Object::toString).toList());
    assertEquals(
        List.of(
            "ThingFuzzTest#renamed has no corpus:"
                + " mod/src/test/resources/a/b/fuzz/ThingFuzzTestInputs/renamed is missing",
            "ThingFuzzTest#empty has an empty corpus:"
                + " mod/src/test/resources/a/b/fuzz/ThingFuzzTestInputs/empty",
            "mod/src/test/resources/a/b/fuzz/GoneFuzzTestInputs/m is the corpus of no @FuzzTest"
                + " method (renamed or removed?)",
            "mod/src/test/resources/a/b/fuzz/ThingFuzzTestInputs/oldName is the corpus of no"
                + " @FuzzTest method (renamed or removed?)"),
        FuzzCorpora.problems(root));
  }
}
