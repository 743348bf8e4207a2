package io.github.jpki4j.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of a main class in a child JVM on the test's own class path, which logs every class it
 * loads ({@code -Xlog:class+load}): what a code path loads, and what it leaves alone. The child
 * gets no {@code JPKI_SIMULATOR} nor {@code JPKI_READER} from the test's environment, and an empty
 * standard input.
 *
 * @param exit the child's exit code
 * @param output its standard output and error, together
 * @param classes the names of the classes it loaded
 */
public record ClassLoadingJvm(int exit, String output, Set<String> classes) {
  /** The packages of the simulated card and what it needs. */
  public static final List<String> SIMULATOR_PACKAGES =
      List.of(
          "io.github.jpki4j.sim.", "io.github.jpki4j.applet.", "com.licel.", "org.bouncycastle.");

  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+)");

  /** Runs {@code mainClass} with {@code args}; its class log goes to {@code dir}. */
  public static ClassLoadingJvm run(Path dir, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    Files.deleteIfExists(log);
    List<String> command = new ArrayList<>();
    command.add(TestJvm.JAVA);
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(TestJvm.CLASS_PATH);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JPKI_SIMULATOR");
    pb.environment().remove("JPKI_READER");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not end within 60 s:\n" + out);
    }
    Set<String> classes;
    try (var lines = Files.lines(log)) {
      classes =
          lines
              .map(LOADED::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .collect(Collectors.toSet());
    }
    return new ClassLoadingJvm(p.exitValue(), out, classes);
  }

  /** The classes it loaded of the simulated card's packages, sorted. */
  public List<String> simulatorClasses() {
    return classes.stream()
        .filter(c -> SIMULATOR_PACKAGES.stream().anyMatch(c::startsWith))
        .sorted()
        .toList();
  }

  /** The last line it printed. */
  public String lastLine() {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }
}
