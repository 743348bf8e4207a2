package io.github.jpki4j.cli;

import io.github.jpki4j.agent.AgentServer;
import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.cli.pin.AskpassPinSource;
import io.github.jpki4j.cli.pin.PinEntryException;
import io.github.jpki4j.cli.pin.PinSource;
import io.github.jpki4j.cli.pin.PinentryPinSource;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.sim.VirtualCard;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki agent}: an ssh-agent backed by the card, started like {@code ssh-agent}.
 *
 * <p>Java cannot fork, so without {@code -D} the command starts the same Java command line again
 * with {@code -D -a SOCKET} (in a new session through {@code setsid} when there is one, stdio on
 * {@code /dev/null}), waits until the socket accepts connections, prints the shell lines and
 * exits, leaving the agent running.
 */
@Command(name = "agent",
    description = {
      "Run an ssh-agent that signs with the card's authentication key.",
      "Like ssh-agent it prints SSH_AUTH_SOCK and SSH_AGENT_PID lines for the shell:",
      "  eval \"$(jpki agent)\"    then ssh, scp, git and ssh-add -L use the card.",
      "",
      "The auth PIN is asked for once per card insertion, when a signature first needs",
      "it, with a pinentry program: --pinentry, else $JPKI_PINENTRY, else 'pinentry' on",
      "PATH, else $SSH_ASKPASS. The prompt shows the tries left. The agent never spends",
      "the last try: with one try left it refuses and says why on stderr. A wrong PIN",
      "refuses that one request; nothing is retried.",
      "",
      "ssh-add -D releases the card (resetting it) and forgets the verified PIN: the",
      "next signature asks again. Some cards keep their verified state across a reset:",
      "only removing the card clears the card's own state.",
      "ssh-add -x/-X (lock) are refused: the PIN is the",
      "lock. SHA-1 (ssh-rsa) signatures are refused unless --allow-sha1.",
      "With -v: one line per request on stderr (never the PIN, never the data).",
      ""
    })
final class AgentCommand implements Callable<Integer> {
  /** How long the starter waits for a detached agent's socket. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long a PC/SC connect waits for a card being inserted. */
  static final Duration CARD_WAIT = Duration.ofMillis(500);

  /** JVM options the detached agent starts with, before the starter's own. */
  static final List<String> AGENT_JVM_OPTIONS =
      List.of("-Xms8m", "-Xmx32m", "-Xss256k", "-XX:ReservedCodeCacheSize=16m");

  @ParentCommand JpkiCommand root;

  @Option(names = "-a", paramLabel = "SOCKET",
      description = "Bind the agent to this Unix socket path (must not exist). Default: "
          + "$TMPDIR/jpki-XXXXXXXX/agent.<pid> in a new 0700 directory.")
  Path socket;

  @Option(names = "-D", description = "Foreground mode: do not detach; stop with Ctrl-C.")
  boolean foreground;

  @Option(names = "-k", description = "Kill the agent named by $SSH_AGENT_PID.")
  boolean kill;

  @Option(names = "-c", description = "Print C-shell commands (default: from $SHELL).")
  boolean cshStyle;

  @Option(names = "-s", description = "Print Bourne shell commands (default: from $SHELL).")
  boolean shStyle;

  @Option(names = "--pinentry", paramLabel = "PROGRAM",
      description = "Ask for the PIN with this pinentry program (GnuPG's Assuan protocol).")
  String pinentry;

  @Option(names = "--allow-sha1",
      description = "Also sign ssh-rsa (SHA-1) requests, for servers older than OpenSSH 7.2.")
  boolean allowSha1;

  // The detached agent removes the directory the starter made for its socket.
  @Option(names = "--owns-socket-dir", hidden = true)
  boolean ownsSocketDir;

  @Override
  public Integer call() throws Exception {
    if (kill) {
      return killAgent();
    }
    PinSource pins = pinSource();
    return foreground ? serve(pins) : detach();
  }

  // ---- -D: the agent itself ----------------------------------------------------------------

  private int serve(PinSource pins) throws Exception {
    Consumer<String> log = line -> root.err.println("jpki agent: " + line);
    Consumer<String> debug = root.verbose ? log : line -> { };
    Path simulator = root.simulatorDir();
    VirtualCard virtualCard = null;
    CardWorker worker = null;
    AgentServer server = null;
    try {
      CardSource source;
      if (simulator != null) {
        virtualCard = VirtualCard.open(simulator.toAbsolutePath());
        source = CardSource.of(virtualCard.terminal(), Duration.ZERO);
      } else {
        String reader = root.readerName();
        source = CardSource.pcsc(reader, CARD_WAIT);
      }
      worker = new CardWorker(source, root.readMode(), debug, CardWorker.DEFAULT_TIMEOUT);
      JpkiAgentBackend backend = new JpkiAgentBackend(worker, pins, allowSha1, log, debug);
      boolean owns = socket == null || ownsSocketDir;
      Path path = socket != null ? socket.toAbsolutePath() : AgentServer.newSocketPath(tmpDir());
      try {
        server = AgentServer.start(path, owns, backend, log, root.verbose,
            AgentServer.DEFAULT_MAX_CONNECTIONS);
      } catch (IOException | RuntimeException e) {
        if (socket == null) {
          Files.deleteIfExists(path.getParent());
        }
        throw e;
      }
    } catch (Exception e) {
      if (worker != null) {
        worker.close();
      }
      if (virtualCard != null) {
        virtualCard.close();
      }
      throw e;
    }
    AgentServer s = server;
    CardWorker w = worker;
    VirtualCard vc = virtualCard;
    // SIGTERM, SIGINT, SIGHUP: remove the socket, reset the card, release the simulator.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s.close();
      w.close();
      if (vc != null) {
        vc.close();
      }
    }, "jpki-agent-shutdown"));
    printStart(s.socket(), ProcessHandle.current().pid());
    if (root.verbose) {
      log.accept("listening on " + s.socket() + (simulator != null ? " (simulated card in "
          + simulator + ")" : ""));
    }
    s.awaitClose();
    return ExitCodes.OK;
  }

  // ---- the starter ---------------------------------------------------------------------------

  private int detach() throws Exception {
    boolean owns = socket == null;
    Path path = owns ? AgentServer.newSocketPath(tmpDir()) : socket.toAbsolutePath();
    if (!owns && Files.exists(path)) {
      throw new IOException(path + " already exists (another agent? remove it if it is stale)");
    }
    List<String> command = new ArrayList<>();
    findOnPath("setsid").ifPresent(p -> command.add(p.toString()));
    command.addAll(relaunchCommand());
    Path simulator = root.simulatorDir();
    if (simulator != null) {
      command.add("--simulator=" + simulator.toAbsolutePath());
    } else if (root.reader != null) {
      command.add("--reader=" + root.reader);
    }
    if (root.verbose) {
      command.add("-v");
    }
    if (root.readMode() == ReadMode.EXTENDED) {
      command.add("--extended-apdu");
    }
    command.addAll(List.of("agent", "-D", "-a", path.toString()));
    if (owns) {
      command.add("--owns-socket-dir");
    }
    if (pinentry != null) {
      command.addAll(List.of("--pinentry", absoluteIfPath(pinentry)));
    }
    if (allowSha1) {
      command.add("--allow-sha1");
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process agent = pb.start();
    try {
      waitForSocket(agent, path);
    } catch (IOException | InterruptedException | RuntimeException e) {
      agent.destroy();
      agent.waitFor(5, TimeUnit.SECONDS);
      if (owns) {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.getParent());
      }
      throw e;
    }
    printStart(path, agent.pid());
    return ExitCodes.OK;
  }

  private static void waitForSocket(Process agent, Path path)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
      if (!agent.isAlive()) {
        throw new IOException("the agent exited while starting (exit code " + agent.exitValue()
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
    throw new IOException("the agent did not open " + path + " within "
        + START_TIMEOUT.toSeconds() + " s");
  }

  /** This JVM's command line up to the main class, to run the agent again with -D. */
  static List<String> relaunchCommand() throws IOException {
    ProcessHandle.Info info = ProcessHandle.current().info();
    String java = info.command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String[] args = info.arguments().orElseThrow(() -> new IOException(
        "cannot read this JVM's command line to start the agent; use 'jpki agent -D'"));
    List<String> out = new ArrayList<>(List.of(java));
    // A small, bounded footprint for a process that runs all day (bench/agent.sh: about 57 MB
    // resident, flat over thousands of signatures); options given to the starter come later and
    // win.
    out.addAll(AGENT_JVM_OPTIONS);
    String main = Main.class.getName();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals(main)) {
        out.add(a);
        return out;
      }
      if (a.equals("-jar") && i + 1 < args.length) {
        out.add(a);
        out.add(args[i + 1]);
        return out;
      }
      // The starter may be writing a class-data archive; a second writer must not race it.
      if (!a.startsWith("-XX:ArchiveClassesAtExit")) {
        out.add(a);
      }
    }
    throw new IOException("cannot find " + main + " in this JVM's command line "
        + Arrays.toString(args) + "; use 'jpki agent -D'");
  }

  // ---- -k --------------------------------------------------------------------------------------

  private int killAgent() throws Exception {
    String text = root.env.get("SSH_AGENT_PID");
    if (text == null || text.isBlank()) {
      throw new IOException("SSH_AGENT_PID not set, cannot kill agent");
    }
    long pid;
    try {
      pid = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      pid = -1;
    }
    if (pid < 2) {
      throw new IOException("SSH_AGENT_PID=" + text + " is not a valid pid");
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      throw new IOException("there is no agent with pid " + pid);
    }
    Optional<String[]> args = handle.get().info().arguments();
    if (args.isPresent() && !List.of(args.get()).contains("agent")) {
      throw new IOException("process " + pid + " is not a jpki agent; not killed");
    }
    handle.get().destroy();
    try {
      handle.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the agent with pid " + pid + " did not stop within 10 s");
    }
    boolean csh = csh();
    root.out.println(csh ? "unsetenv SSH_AUTH_SOCK;" : "unset SSH_AUTH_SOCK;");
    root.out.println(csh ? "unsetenv SSH_AGENT_PID;" : "unset SSH_AGENT_PID;");
    root.out.println("echo Agent pid " + pid + " killed;");
    root.out.flush();
    return ExitCodes.OK;
  }

  // ---- shared ------------------------------------------------------------------------------------

  private void printStart(Path path, long pid) {
    String sock = shellWord(path.toString());
    if (csh()) {
      root.out.println("setenv SSH_AUTH_SOCK " + sock + ";");
      root.out.println("setenv SSH_AGENT_PID " + pid + ";");
    } else {
      root.out.println("SSH_AUTH_SOCK=" + sock + "; export SSH_AUTH_SOCK;");
      root.out.println("SSH_AGENT_PID=" + pid + "; export SSH_AGENT_PID;");
    }
    root.out.println("echo Agent pid " + pid + ";");
    root.out.flush();
  }

  private boolean csh() {
    if (cshStyle || shStyle) {
      return cshStyle;
    }
    String shell = root.env.get("SHELL");
    return shell != null && shell.endsWith("csh");
  }

  // ssh-agent prints paths bare; quote only what a shell would split or expand.
  static String shellWord(String s) {
    if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private Path tmpDir() {
    String tmp = root.env.get("TMPDIR");
    return Path.of(tmp != null && !tmp.isBlank() ? tmp : System.getProperty("java.io.tmpdir"));
  }

  /**
   * --pinentry, else $JPKI_PINENTRY, else pinentry on PATH, else $SSH_ASKPASS. The agent has no
   * terminal of its own, so the console is never used.
   */
  private PinSource pinSource() throws PinEntryException {
    if (pinentry != null && !pinentry.isBlank()) {
      return new PinentryPinSource(List.of(absoluteIfPath(pinentry)));
    }
    String fromEnv = root.env.get("JPKI_PINENTRY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new PinentryPinSource(List.of(fromEnv));
    }
    Optional<Path> onPath = findOnPath("pinentry");
    if (onPath.isPresent()) {
      return new PinentryPinSource(List.of(onPath.get().toString()));
    }
    String askpass = root.env.get("SSH_ASKPASS");
    if (askpass != null && !askpass.isBlank()) {
      return new AskpassPinSource(askpass);
    }
    throw new PinEntryException("the agent has no way to ask for the PIN: pass --pinentry"
        + " PROGRAM, set JPKI_PINENTRY or SSH_ASKPASS, or install a pinentry (e.g. the"
        + " pinentry-gnome3 or pinentry-qt package)");
  }

  private static String absoluteIfPath(String program) {
    return program.contains("/") ? Path.of(program).toAbsolutePath().toString() : program;
  }

  private Optional<Path> findOnPath(String name) {
    String path = root.env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
