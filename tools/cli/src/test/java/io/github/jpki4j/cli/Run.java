package io.github.jpki4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One {@code jpki} run in the test's JVM: its exit code, stdout and stderr. */
record Run(int exit, String out, String err) {
  /** Runs {@code jpki ARGS} with {@code stdin} and an empty environment. */
  static Run of(String stdin, String... args) {
    return of(true, stdin, args);
  }

  /** As {@link #of(String, String...)}, with {@link QuickRun} or through picocli only. */
  static Run of(boolean quick, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JpkiCommand root =
        new JpkiCommand(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    int exit = Main.run(args, root, quick);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
