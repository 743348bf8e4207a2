package io.github.jpki4j.testsupport;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The committed corpora of the Jazzer {@code @FuzzTest}s and the methods they belong to. Jazzer
 * replays {@code src/test/resources/<package>/<Class>Inputs/<method>/} for a method, and says
 * nothing when that directory is missing: a renamed method silently orphans its corpus, and a new
 * target silently replays no input. {@link #problems} finds both, for a test that fails on them.
 */
public final class FuzzCorpora {
  private static final String FUZZ_TEST_IMPORT =
      "import com.code_intelligence.jazzer.junit.FuzzTest;";

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  // @FuzzTest, its arguments, other annotations and modifiers, then the method's name
  private static final Pattern TARGET =
      Pattern.compile(
          "@FuzzTest\\b(?:\\s*\\([^)]*\\))?\\s+(?:@\\w+(?:\\s*\\([^)]*\\))?\\s+)*"
              + "(?:(?:public|protected|private|static|final)\\s+)*void\\s+(\\w+)\\s*\\(");

  private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", ".cifuzz-corpus");

  private FuzzCorpora() {}

  /** A fuzz target: its module directory, class and method. */
  public record Target(Path module, String packageName, String className, String method) {
    /** Where Jazzer looks for its inputs. */
    public Path corpus() {
      return module
          .resolve("src/test/resources")
          .resolve(packageName.replace('.', '/'))
          .resolve(className + "Inputs")
          .resolve(method);
    }

    @Override
    public String toString() {
      return className + "#" + method;
    }
  }

  /** Every {@code @FuzzTest} method in the modules below {@code root}, nested modules included. */
  public static List<Target> targets(Path root) throws IOException {
    List<Target> targets = new ArrayList<>();
    for (Path testJava : testSourceRoots(root)) {
      Path module = testJava.getParent().getParent().getParent();
      try (Stream<Path> files = Files.walk(testJava)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String text = Files.readString(f);
          if (!text.contains(FUZZ_TEST_IMPORT)) {
            continue;
          }
          Matcher pkg = PACKAGE.matcher(text);
          String packageName = pkg.find() ? pkg.group(1) : "";
          String className = f.getFileName().toString().replace(".java", "");
          Matcher m = TARGET.matcher(text);
          while (m.find()) {
            targets.add(new Target(module, packageName, className, m.group(1)));
          }
        }
      }
    }
    return targets;
  }

  /**
   * What is wrong with the corpora below {@code root}: a target without a corpus directory holding
   * at least one input, and a corpus directory ({@code <Class>Inputs/<method>}) that no target
   * names. Empty when all is well.
   */
  public static List<String> problems(Path root) throws IOException {
    List<Target> targets = targets(root);
    List<String> problems = new ArrayList<>();
    Set<Path> expected = new TreeSet<>();
    for (Target t : targets) {
      Path corpus = t.corpus();
      expected.add(corpus.toAbsolutePath().normalize());
      if (!Files.isDirectory(corpus)) {
        problems.add(t + " has no corpus: " + root.relativize(corpus) + " is missing");
      } else if (inputs(corpus) == 0) {
        problems.add(t + " has an empty corpus: " + root.relativize(corpus));
      }
    }
    for (Path inputs : corpusDirectories(root)) {
      try (Stream<Path> methods = Files.list(inputs)) {
        for (Path dir : methods.filter(Files::isDirectory).sorted().toList()) {
          if (!expected.contains(dir.toAbsolutePath().normalize())) {
            problems.add(
                root.relativize(dir)
                    + " is the corpus of no @FuzzTest method (renamed or removed?)");
          }
        }
      }
    }
    return problems;
  }

  private static long inputs(Path corpus) throws IOException {
    try (Stream<Path> files = Files.walk(corpus)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static List<Path> testSourceRoots(Path root) throws IOException {
    return find(root, p -> p.endsWith(Path.of("src", "test", "java")));
  }

  // the <Class>Inputs directories under some src/test/resources
  private static List<Path> corpusDirectories(Path root) throws IOException {
    List<Path> found =
        find(
            root,
            p ->
                p.getFileName().toString().endsWith("Inputs")
                    && p.toString().contains("src/test/resources"));
    found.sort(null);
    return found;
  }

  // the directories below root that are wanted, not looking inside them or build output
  private static List<Path> find(Path root, Predicate<Path> wanted) throws IOException {
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (wanted.test(dir)) {
              found.add(dir);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return found;
  }
}
