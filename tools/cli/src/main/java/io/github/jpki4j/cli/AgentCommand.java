package io.github.jpki4j.cli;

import io.github.jpki4j.agent.AgentServer;
import io.github.jpki4j.agent.lifecycle.AgentDetacher;
import io.github.jpki4j.agent.lifecycle.AgentForeground;
import io.github.jpki4j.agent.lifecycle.AgentKiller;
import io.github.jpki4j.agent.lifecycle.AgentOnWindows;
import io.github.jpki4j.agent.lifecycle.AgentSelfTest;
import io.github.jpki4j.agent.lifecycle.AgentShell;
import io.github.jpki4j.agent.windows.WindowsAgent;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinSources;
import io.github.jpki4j.pin.ProgramPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki agent}: an ssh-agent backed by the card, started like {@code ssh-agent}. This class
 * holds the options and dispatches: {@code -k} to {@link AgentKiller}, {@code -D} to {@link
 * AgentForeground} (the agent itself), and otherwise to {@link AgentDetacher}, which starts the
 * agent in the background with these options passed on. {@link PinSources} chooses how the agent
 * asks for the PIN, before anything starts; {@link AgentShell} prints the shell lines.
 */
@Command(
    name = "agent",
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
      "",
      "On Windows the agent stays in the foreground, like Pageant, and serves",
      "\\\\.\\pipe\\openssh-ssh-agent for ssh.exe (-a NAME serves \\\\.\\pipe\\NAME and",
      "prints the SSH_AUTH_SOCK lines for cmd and PowerShell) and Pageant's pipe and",
      "window for PuTTY, WinSCP and Tera Term (--no-pageant leaves them out); without a",
      "pinentry the PIN is asked in a dialog. These Windows transports have not yet been",
      "run on Windows by the project's own tests: run 'jpki agent --self-test' there first.",
      ""
    })
final class AgentCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;

  @Option(
      names = "-a",
      paramLabel = "SOCKET",
      description =
          "Bind the agent to this Unix socket path (must not exist). Default: "
              + "$TMPDIR/jpki-XXXXXXXX/agent.<pid> in a new 0700 directory. On Windows: the pipe"
              + " name (default openssh-ssh-agent).")
  String socket;

  @Option(
      names = "--no-pageant",
      description = "Windows: serve OpenSSH's pipe only, not Pageant's pipe and window.")
  boolean noPageant;

  @Option(names = "-D", description = "Foreground mode: do not detach; stop with Ctrl-C.")
  boolean foreground;

  @Option(names = "-k", description = "Kill the agent named by $SSH_AGENT_PID.")
  boolean kill;

  @Option(names = "-c", description = "Print C-shell commands (default: from $SHELL).")
  boolean cshStyle;

  @Option(names = "-s", description = "Print Bourne shell commands (default: from $SHELL).")
  boolean shStyle;

  @Option(
      names = "--pinentry",
      paramLabel = "PROGRAM",
      description = "Ask for the PIN with this pinentry program (GnuPG's Assuan protocol).")
  String pinentry;

  @Option(
      names = "--allow-sha1",
      description = "Also sign ssh-rsa (SHA-1) requests, for servers older than OpenSSH 7.2.")
  boolean allowSha1;

  @Option(
      names = "--self-test",
      description =
          "Windows: check the agent's pipes and Pageant window on this Windows, under test names"
              + " and on a temporary simulated card, then print a summary for a bug report.")
  boolean selfTest;

  // The detached agent removes the directory the starter made for its socket.
  @Option(names = "--owns-socket-dir", hidden = true)
  boolean ownsSocketDir;

  @Override
  public Integer call() throws Exception {
    if (selfTest) {
      return AgentSelfTest.run(Version.jpki(), root.out, root.err);
    }
    if (windows(System.getProperty("os.name", ""))) {
      return new AgentOnWindows(
              root.out,
              root.err,
              root.verbose,
              root.pinSources(),
              root.connector(),
              pinentry,
              allowSha1)
          .serve(socket, kill, !noPageant);
    }
    Path socket = this.socket == null ? null : Path.of(this.socket);
    AgentShell shell = AgentShell.of(root.out, cshStyle, shStyle, root.env);
    if (kill) {
      return AgentKiller.kill(root.env.get("SSH_AGENT_PID"), shell);
    }
    PinSource pins = root.pinSources().forAgent(pinentry);
    if (foreground) {
      return new AgentForeground(root.connector(), root.verbose, root.err, shell)
          .serve(pins, allowSha1, socket, socket == null || ownsSocketDir, tmpDir());
    }
    boolean owns = socket == null;
    Path path = owns ? AgentServer.newSocketPath(tmpDir()) : socket.toAbsolutePath();
    long pid = AgentDetacher.start(root.env, foregroundArguments(path, owns), path, owns);
    shell.started(path, pid);
    return ExitCodes.OK;
  }

  /** Whether the agent serves Windows' named pipes and Pageant instead of a Unix socket. */
  static boolean windows(String osName) {
    return WindowsAgent.isWindows(osName);
  }

  /** The jpki arguments that run this agent in the foreground: {@code ... agent -D -a SOCKET}. */
  private List<String> foregroundArguments(Path path, boolean ownsDir) {
    List<String> args = new ArrayList<>();
    Path simulator = root.simulatorDir();
    if (simulator != null) {
      args.add("--simulator=" + simulator.toAbsolutePath());
    } else if (root.reader != null) {
      args.add("--reader=" + root.reader);
    }
    if (simulator == null && root.card != null) {
      args.add("--card=" + root.card);
    }
    if (root.verbose) {
      args.add("-v");
    }
    if (root.readMode() == ReadMode.EXTENDED) {
      args.add("--extended-apdu");
    }
    args.addAll(List.of("agent", "-D", "-a", path.toString()));
    if (ownsDir) {
      args.add("--owns-socket-dir");
    }
    if (pinentry != null) {
      args.addAll(List.of("--pinentry", ProgramPath.absoluteIfPath(pinentry)));
    }
    if (allowSha1) {
      args.add("--allow-sha1");
    }
    return args;
  }

  private Path tmpDir() {
    return AgentForeground.tmpDir(root.env);
  }
}
