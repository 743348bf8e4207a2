package io.github.jpki4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private X server for one test: {@code Xvfb :N} on the first free display number from 70, no
 * TCP, stopped by its PID when closed.
 */
final class Xvfb implements AutoCloseable {
  private final Process process;
  private final int display;

  private Xvfb(Process process, int display) {
    this.process = process;
    this.display = display;
  }

  /** Xvfb on the PATH, if installed. */
  static Optional<Path> program() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "Xvfb");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether this JDK can talk to an X server at all (the full JRE, not the headless one). */
  static boolean jdkHasX11Toolkit() {
    return Files.exists(Path.of(System.getProperty("java.home"), "lib", "libawt_xawt.so"));
  }

  /**
   * Starts Xvfb on a free display and waits for its socket.
   *
   * @throws IOException if no display could be started
   */
  static Xvfb start(Path program) throws IOException, InterruptedException {
    for (int n = 70; n < 170; n++) {
      Path socket = Path.of("/tmp/.X11-unix/X" + n);
      if (Files.exists(socket) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
        continue;
      }
      Process p =
          new ProcessBuilder(
                  program.toString(),
                  ":" + n,
                  "-screen",
                  "0",
                  "1024x768x24",
                  "-nolisten",
                  "tcp",
                  "-noreset")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && p.isAlive() && !Files.exists(socket)) {
        Thread.sleep(50);
      }
      if (p.isAlive() && Files.exists(socket)) {
        return new Xvfb(p, n);
      }
      stop(p); // lost a race for this display, or failed: try the next
    }
    throw new IOException("could not start Xvfb on any display from :70 to :169");
  }

  /** The {@code DISPLAY} value, e.g. {@code :70}. */
  String display() {
    return ":" + display;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    stop(process);
  }

  private static void stop(Process p) {
    p.destroy(); // SIGTERM to this PID: Xvfb removes its socket and lock
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
