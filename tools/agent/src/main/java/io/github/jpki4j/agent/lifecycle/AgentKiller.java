package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.cli.ExitCodes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code jpki agent -k}: stops the agent that {@code SSH_AGENT_PID} names, as ssh-agent does. */
public final class AgentKiller {
  /** How long the agent may take to stop after SIGTERM. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private AgentKiller() {}

  /**
   * Sends SIGTERM to the process if it is a jpki agent, waits for it to end and prints the shell
   * lines that forget it.
   *
   * @param agentPid the value of {@code SSH_AGENT_PID}, or null
   */
  public static int kill(String agentPid, AgentShell shell)
      throws IOException, InterruptedException, ExecutionException {
    if (agentPid == null || agentPid.isBlank()) {
      throw new IOException("SSH_AGENT_PID not set, cannot kill agent");
    }
    long pid;
    try {
      pid = Long.parseLong(agentPid.strip());
    } catch (NumberFormatException e) {
      pid = -1;
    }
    if (pid < 2) {
      throw new IOException("SSH_AGENT_PID=" + agentPid + " is not a valid pid");
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
      handle.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "the agent with pid " + pid + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
    }
    shell.killed(pid);
    return ExitCodes.OK;
  }
}
