package io.github.jpki4j.simtest;

import io.github.jpki4j.testsupport.TestJvm;
import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code jpki} as a child process, the way a user or git does. */
public final class JpkiProcess {
  public static final String CLASS_PATH = TestJvm.CLASS_PATH;
  public static final String JAVA = TestJvm.JAVA;

  private JpkiProcess() {}

  /** The java command line that runs jpki's main class. */
  public static List<String> jpkiCommand(String... args) {
    return TestJvm.command("io.github.jpki4j.cli.Main", args);
  }

  /** {@link #jpkiCommand} with JVM options (e.g. {@code -Dname=value}) before the main class. */
  public static List<String> jpkiCommandWithJvmOptions(List<String> jvmOptions, String... args) {
    List<String> cmd = jpkiCommand(args);
    cmd.addAll(1, jvmOptions);
    return cmd;
  }

  public static Result jpki(Path simulator, String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("--simulator=" + simulator);
    all.addAll(List.of(args));
    return TestProcess.of(jpkiCommand(all.toArray(String[]::new))).stdin(stdin).run();
  }

  /** An executable script that runs jpki with this test's class path (for git). */
  public static Path jpkiScript(Path dir) throws IOException {
    StringBuilder s = new StringBuilder("#!/bin/sh\nexec");
    for (String part : jpkiCommand()) {
      s.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    s.append(" \"$@\"\n");
    return TestProcess.executable(dir.resolve("jpki"), s.toString());
  }
}
