package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.pin.ProgramPath;
import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the agent in the background. Java cannot fork, so this JVM's command line is run again,
 * with the agent's JVM options ({@link JvmOptions}) first and the agent's arguments ({@code agent
 * -D -a SOCKET …}), in a new session through {@code setsid} when there is one, stdio on {@code
 * /dev/null}; the starter waits until the socket accepts connections.
 */
public final class AgentDetacher {
  /** How long the starter waits for the agent's socket. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private AgentDetacher() {}

  /**
   * Runs {@code jpki ARGS} detached and returns its pid once {@code socket} accepts connections. On
   * failure the agent is stopped and, when {@code ownsDir}, the socket and its directory are
   * removed.
   *
   * @param args jpki's arguments for the agent in the foreground, serving {@code socket}
   * @param ownsDir whether the socket's directory was made for this agent; if not, the socket must
   *     not exist yet
   */
  public static long start(Map<String, String> env, List<String> args, Path socket, boolean ownsDir)
      throws IOException, InterruptedException {
    if (!ownsDir && Files.exists(socket)) {
      throw new IOException(socket + " already exists (another agent? remove it if it is stale)");
    }
    Process agent = null;
    try {
      List<String> command = new ArrayList<>();
      ProgramPath.find("setsid", env).ifPresent(p -> command.add(p.toString()));
      command.addAll(relaunchCommand());
      command.addAll(args);
      agent =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      waitForSocket(agent, socket);
      return agent.pid();
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (agent != null) {
        agent.destroy();
        agent.waitFor(5, TimeUnit.SECONDS);
      }
      if (ownsDir) {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
      }
      throw e;
    }
  }

  private static void waitForSocket(Process agent, Path path)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
      if (!agent.isAlive()) {
        throw new IOException(
            "the agent exited while starting (exit code "
                + agent.exitValue()
                + "); run 'jpki agent -D' to see why");
      }
      if (Files.exists(path)) {
        try {
          SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
          return;
        } catch (IOException e) {
          // bound but not listening yet
        }
      }
      Thread.sleep(20);
    }
    throw new IOException(
        "the agent did not open " + path + " within " + START_TIMEOUT.toSeconds() + " s");
  }

  /** This JVM's command line up to the main class, to run the agent again with -D. */
  static List<String> relaunchCommand() throws IOException {
    ProcessHandle.Info info = ProcessHandle.current().info();
    String java =
        info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String[] args =
        info.arguments()
            .orElseThrow(
                () ->
                    new IOException(
                        "cannot read this JVM's command line to start the agent; use 'jpki agent -D'"));
    return relaunchCommand(java, args);
  }

  /**
   * {@code java}, the {@code agent} options of {@link JvmOptions}, then the starter's JVM arguments
   * up to and including the main class (or {@code -jar JAR}).
   */
  static List<String> relaunchCommand(String java, String[] args) throws IOException {
    List<String> out = new ArrayList<>(List.of(java));
    // Options given to the starter come later and win.
    out.addAll(JvmOptions.of("agent"));
    // ./jpki runs Main; the release launchers run JavaVersionGate, which hands over to Main.
    List<String> mains =
        List.of("io.github.jpki4j.cli.Main", "io.github.jpki4j.cli.JavaVersionGate");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (mains.contains(a)) {
        out.add(a);
        return out;
      }
      if (a.equals("-jar") && i + 1 < args.length) {
        out.add(a);
        out.add(args[i + 1]);
        return out;
      }
      // The starter may be writing a class-data archive or an AOT cache; a second writer must
      // not race it.
      if (!a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-XX:AOTCacheOutput")) {
        out.add(a);
      }
    }
    throw new IOException(
        "cannot find "
            + mains.get(0)
            + " in this JVM's command line "
            + Arrays.toString(args)
            + "; use 'jpki agent -D'");
  }
}
