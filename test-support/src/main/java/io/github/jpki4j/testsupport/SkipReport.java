package io.github.jpki4j.testsupport;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects what was skipped for want of a tool and prints one line per module when the tests end:
 * {@code jpki4j: 14 tests skipped in tools: no sshd, setpriv (Debian: apt-get install
 * openssh-server util-linux)}. Registered as a JUnit Platform listener.
 */
public final class SkipReport implements TestExecutionListener {
  private static final Map<String, String> SKIPPED = new ConcurrentHashMap<>();
  private static final Set<ExternalTool> TOOLS = ConcurrentHashMap.newKeySet();
  private static final Set<String> OTHER_REASONS = ConcurrentHashMap.newKeySet();

  static String missing(Collection<ExternalTool> tools) {
    String packages = packages(tools);
    String others =
        tools.stream()
            .filter(t -> t.debianPackage() == null)
            .map(ExternalTool::howToGet)
            .distinct()
            .collect(Collectors.joining("; "));
    return "missing "
        + tools.stream().map(ExternalTool::program).collect(Collectors.joining(", "))
        + " ("
        + (packages.isEmpty() ? "" : "Debian: apt-get install " + packages)
        + (packages.isEmpty() || others.isEmpty() ? "" : "; ")
        + others
        + ")";
  }

  private static String packages(Collection<ExternalTool> tools) {
    return tools.stream()
        .map(ExternalTool::debianPackage)
        .filter(p -> p != null)
        .collect(Collectors.toCollection(TreeSet::new))
        .stream()
        .collect(Collectors.joining(" "));
  }

  static void record(String id, Collection<ExternalTool> tools) {
    SKIPPED.put(id, "");
    TOOLS.addAll(tools);
  }

  static void record(String reason) {
    SKIPPED.put(reason + "#" + SKIPPED.size(), reason);
    OTHER_REASONS.add(reason);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (SKIPPED.isEmpty()) {
      return;
    }
    String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
    StringBuilder line =
        new StringBuilder("jpki4j: ")
            .append(SKIPPED.size())
            .append(
                SKIPPED.size() == 1
                    ? " test or test class skipped in "
                    : " tests or test classes" + " skipped in ")
            .append(module)
            .append(':');
    if (!TOOLS.isEmpty()) {
      line.append(' ')
          .append(
              missing(
                  new TreeMap<>(TOOLS.stream().collect(Collectors.toMap(t -> t, t -> t)))
                      .keySet()));
    }
    for (String reason : OTHER_REASONS) {
      line.append("; ").append(reason);
    }
    System.out.println(line);
    System.out.flush();
  }
}
