package io.github.jpki4j.simtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code jpki --simulator=CARD ARGS} run in this JVM, with its stdin, stdout and stderr captured.
 */
final class InProcessJpki {
  private InProcessJpki() {}

  static TestProcess.Result run(Path card, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "--simulator=" + card;
    System.arraycopy(args, 0, all, 1, args.length);
    int exit =
        Main.run(
            all,
            new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return new TestProcess.Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@link #run}, asserting exit 0. */
  static TestProcess.Result ok(Path card, String stdin, String... args) {
    TestProcess.Result r = run(card, stdin, args);
    assertEquals(0, r.exit(), String.join(" ", args) + ": " + r);
    return r;
  }
}
