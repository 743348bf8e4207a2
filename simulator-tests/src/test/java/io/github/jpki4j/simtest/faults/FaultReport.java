package io.github.jpki4j.simtest.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The faults a test class injected, per operation and kind, and how many runs still gave the right
 * result: printed, and written to {@code target/fault-injection-NAME.txt} (docs/robustness.md
 * quotes them).
 */
final class FaultReport {
  private FaultReport() {}

  /**
   * One paragraph per operation: the faults by kind, their total, and {@code absorbed} for it under
   * {@code absorbedLabel}.
   */
  static StringBuilder describe(
      String title,
      Map<String, Map<Fault, Integer>> injected,
      String absorbedLabel,
      Map<String, Map<Fault, Integer>> absorbed) {
    StringBuilder s = new StringBuilder(title).append(":\n");
    injected.forEach(
        (op, byKind) ->
            s.append("  ")
                .append(op)
                .append(": ")
                .append(byKind)
                .append(", total ")
                .append(byKind.values().stream().mapToInt(i -> i).sum())
                .append("\n    ")
                .append(absorbedLabel)
                .append(" (the fault absorbed): ")
                .append(absorbed.get(op))
                .append('\n'));
    return s;
  }

  /** Prints {@code text} and writes it to {@code target/fault-injection-NAME.txt}. */
  static void write(String name, CharSequence text) throws IOException {
    System.out.print(text);
    Path report = Path.of("target", "fault-injection-" + name + ".txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, text);
  }
}
