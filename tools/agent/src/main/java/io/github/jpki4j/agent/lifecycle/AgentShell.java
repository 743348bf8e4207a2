package io.github.jpki4j.agent.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The lines for the shell that {@code jpki agent} prints as ssh-agent does.
 *
 * @param csh C shell ({@code setenv}) rather than Bourne shell ({@code export})
 */
public record AgentShell(PrintStream out, boolean csh) {
  /** {@code -c} or {@code -s} if given, else C shell when {@code $SHELL} ends in csh. */
  public static AgentShell of(
      PrintStream out, boolean cshFlag, boolean shFlag, Map<String, String> env) {
    if (cshFlag || shFlag) {
      return new AgentShell(out, cshFlag);
    }
    String shell = env.get("SHELL");
    return new AgentShell(out, shell != null && shell.endsWith("csh"));
  }

  /** SSH_AUTH_SOCK and SSH_AGENT_PID for a running agent. */
  public void started(Path socket, long pid) {
    String sock = word(socket.toString());
    if (csh) {
      out.println("setenv SSH_AUTH_SOCK " + sock + ";");
      out.println("setenv SSH_AGENT_PID " + pid + ";");
    } else {
      out.println("SSH_AUTH_SOCK=" + sock + "; export SSH_AUTH_SOCK;");
      out.println("SSH_AGENT_PID=" + pid + "; export SSH_AGENT_PID;");
    }
    out.println("echo Agent pid " + pid + ";");
    out.flush();
  }

  /** Forgets them again, once the agent is stopped. */
  public void killed(long pid) {
    out.println(csh ? "unsetenv SSH_AUTH_SOCK;" : "unset SSH_AUTH_SOCK;");
    out.println(csh ? "unsetenv SSH_AGENT_PID;" : "unset SSH_AGENT_PID;");
    out.println("echo Agent pid " + pid + " killed;");
    out.flush();
  }

  // ssh-agent prints paths bare; quote only what a shell would split or expand.
  static String word(String s) {
    if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
