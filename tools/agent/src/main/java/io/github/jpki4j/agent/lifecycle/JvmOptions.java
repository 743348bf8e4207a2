package io.github.jpki4j.agent.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options of jpki by role ({@code cli}, {@code agent}), from {@code jvm-options.properties}
 * next to this class: the file the {@code ./jpki} launcher reads too. Its format is kept trivial on
 * purpose: {@code ROLE=OPTION OPTION …} lines, {@code #} comments.
 */
final class JvmOptions {
  static final String RESOURCE = "jvm-options.properties";

  private JvmOptions() {}

  /** The options of {@code role}, in order; none if the file has no such line. */
  static List<String> of(String role) {
    try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the class path");
      }
      return parse(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(),
          role);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The first "role=" line, as sed -n 's/^role=//p' finds it.
  static List<String> parse(List<String> lines, String role) {
    String prefix = role + "=";
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        return Arrays.stream(line.substring(prefix.length()).strip().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .toList();
      }
    }
    return List.of();
  }
}
