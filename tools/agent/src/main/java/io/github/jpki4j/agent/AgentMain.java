package io.github.jpki4j.agent;

import io.github.jpki4j.agent.lifecycle.AgentForeground;
import io.github.jpki4j.agent.lifecycle.AgentOnWindows;
import io.github.jpki4j.agent.lifecycle.AgentShell;
import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.agent.windows.WindowsAgent;
import io.github.jpki4j.cli.ExitCodes;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.pin.PinSources;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent as a program of its own, without the {@code jpki} command line: what {@code jpki agent
 * -D} runs, in the foreground, on a Unix socket (on Windows: OpenSSH's named pipe and Pageant's
 * pipe and window), until SIGTERM or Ctrl-C. For a service manager, or anything that starts the
 * agent itself; {@code jpki agent} adds ssh-agent's ways of starting it in the background and
 * stopping it. The card is named by options only; the PIN source is chosen as for {@code jpki
 * agent} ({@link PinSources#forAgent}).
 */
public final class AgentMain {
  static final String USAGE =
      """
      Usage: java -cp CLASSPATH io.github.jpki4j.agent.AgentMain [OPTIONS]
      Run the card-backed ssh-agent in the foreground until SIGTERM or Ctrl-C (as
      'jpki agent -D'). It prints the SSH_AUTH_SOCK and SSH_AGENT_PID lines for the shell.

        -a SOCKET             Listen on this Unix socket path (must not exist); on Windows,
                              the pipe name. Default: $TMPDIR/jpki-XXXXXXXX/agent.<pid> in a
                              new 0700 directory; on Windows, openssh-ssh-agent.
        --simulator DIR       Use the simulated card kept in DIR (created on first use).
        --reader NAME|INDEX   The card reader. Default: the first reader with a card.
        --card FINGERPRINT    The card whose auth key has this fingerprint (or a unique
                              prefix of it). Default: $JPKI_CARD.
        --pinentry PROGRAM    Ask for the PIN with this pinentry program. Default:
                              $JPKI_PINENTRY, pinentry on PATH, $SSH_ASKPASS, a dialog.
        --allow-sha1          Also sign ssh-rsa (SHA-1) requests.
        --extended-apdu       Read certificates with extended-length APDUs.
        -v, --verbose         One line per request on stderr.
        -h, --help            Print this help and exit.""";

  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /**
   * Serves until the agent is stopped and returns the exit code ({@link ExitCodes}); a bad command
   * line or a failure to start is one line on {@code err}.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    Options o;
    try {
      o = Options.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      err.println("jpki agent: " + e.getMessage());
      err.println("Try '--help' for more information.");
      return ExitCodes.USAGE;
    }
    if (o.help) {
      out.println(USAGE);
      out.flush();
      return ExitCodes.OK;
    }
    CardSettings settings =
        CardSettings.resolve(
            new CardSettings.Layer(
                o.simulator, o.reader, o.card, o.extendedApdu ? Boolean.TRUE : null),
            System.getProperties(),
            env);
    CardConnector connector = new CardConnector(settings, o.verbose, err);
    PinSources pins = new PinSources(env);
    try {
      if (WindowsAgent.isWindows(System.getProperty("os.name", ""))) {
        return new AgentOnWindows(out, err, o.verbose, pins, connector, o.pinentry, o.allowSha1)
            .serve(o.socket, false, true);
      }
      Path socket = o.socket == null ? null : Path.of(o.socket);
      return new AgentForeground(connector, o.verbose, err, AgentShell.of(out, false, false, env))
          .serve(
              pins.forAgent(o.pinentry),
              o.allowSha1,
              socket,
              socket == null,
              AgentForeground.tmpDir(env));
    } catch (Exception e) {
      err.println("jpki agent: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
      return ExitCodes.FAILURE;
    }
  }

  /** The command line, as given. */
  private static final class Options {
    String socket;
    String simulator;
    String reader;
    String card;
    String pinentry;
    boolean allowSha1;
    boolean extendedApdu;
    boolean verbose;
    boolean help;

    static Options parse(List<String> args) {
      Options o = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
        String name = eq < 0 ? arg : arg.substring(0, eq);
        switch (name) {
          case "-a" -> o.socket = next(args, i++, name);
          case "--simulator" -> o.simulator = eq < 0 ? next(args, i++, name) : inline(arg, eq);
          case "--reader" -> o.reader = eq < 0 ? next(args, i++, name) : inline(arg, eq);
          case "--card" -> o.card = eq < 0 ? next(args, i++, name) : inline(arg, eq);
          case "--pinentry" -> o.pinentry = eq < 0 ? next(args, i++, name) : inline(arg, eq);
          case "--allow-sha1" -> o.allowSha1 = flag(eq, name);
          case "--extended-apdu" -> o.extendedApdu = flag(eq, name);
          case "-v", "--verbose" -> o.verbose = flag(eq, name);
          case "-h", "--help" -> o.help = flag(eq, name);
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      return o;
    }

    // The argument after the option at i.
    private static String next(List<String> args, int i, String name) {
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("option '" + name + "' needs a value");
      }
      return nonBlank(args.get(i + 1), name);
    }

    // --name=VALUE
    private static String inline(String arg, int eq) {
      return nonBlank(arg.substring(eq + 1), arg.substring(0, eq));
    }

    private static String nonBlank(String value, String name) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("option '" + name + "' needs a value");
      }
      return value;
    }

    private static boolean flag(int eq, String name) {
      if (eq >= 0) {
        throw new IllegalArgumentException("option '" + name + "' takes no value");
      }
      return true;
    }
  }
}
