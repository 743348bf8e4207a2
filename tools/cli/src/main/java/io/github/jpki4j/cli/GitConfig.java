package io.github.jpki4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Git's configuration in one scope ({@code --global} or {@code --local}), read and written through
 * the {@code git config} command, so that git's own rules (include files, {@code XDG_CONFIG_HOME},
 * locking) apply.
 */
final class GitConfig {
  private final String scope;
  private final Map<String, String> env;
  private final Path dir;

  /**
   * @param local {@code --local} (the repository of {@code dir}) rather than {@code --global}
   * @param env the environment git runs with
   * @param dir where git runs
   */
  GitConfig(boolean local, Map<String, String> env, Path dir) {
    this.scope = local ? "--local" : "--global";
    this.env = env;
    this.dir = dir;
  }

  /** "global" or "local", for messages. */
  String scopeName() {
    return scope.substring(2);
  }

  /** The value of {@code key} in this scope, or null. */
  String get(String key) throws IOException {
    return value(run("config", scope, "--get", key));
  }

  /** The value git uses for {@code key}, whichever scope sets it, or null. */
  String effective(String key) throws IOException {
    return value(run("config", "--get", key));
  }

  void set(String key, String value) throws IOException {
    check(run("config", scope, key, value), key);
  }

  void unset(String key) throws IOException {
    check(run("config", scope, "--unset-all", key), key);
  }

  private static String value(Result r) throws IOException {
    if (r.exit == 1) {
      return null; // git config --get: the key is not set
    }
    if (r.exit != 0) {
      throw new IOException("git config failed: " + r.err.strip());
    }
    return r.out.strip();
  }

  private static void check(Result r, String key) throws IOException {
    if (r.exit != 0) {
      throw new IOException("git config could not change " + key + ": " + r.err.strip());
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result run(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File(nullDevice())));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("git could not be run (" + e.getMessage() + "): install git", e);
    }
    try (InputStream out = p.getInputStream();
        InputStream err = p.getErrorStream()) {
      byte[] o = out.readAllBytes();
      byte[] e = err.readAllBytes();
      int code = p.waitFor();
      return new Result(
          code, new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while git ran", e);
    }
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
  }
}
