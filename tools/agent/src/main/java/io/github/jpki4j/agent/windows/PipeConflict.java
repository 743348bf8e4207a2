package io.github.jpki4j.agent.windows;

/** What to tell the user when a name the agent would serve is taken: one sentence each. */
final class PipeConflict {
  /** The Windows service of OpenSSH's agent. */
  static final String OPENSSH_SERVICE = "ssh-agent";

  private PipeConflict() {}

  /**
   * The OpenSSH pipe is served by someone else.
   *
   * @param pipe the pipe's full name
   * @param serviceRunning whether Windows' OpenSSH agent service is running
   */
  static String openSsh(String pipe, boolean serviceRunning) {
    String other = otherName(pipe);
    if (serviceRunning && pipe.equalsIgnoreCase(PipeNames.OPENSSH_DEFAULT)) {
      return "the Windows OpenSSH agent service ("
          + OPENSSH_SERVICE
          + ") already serves "
          + pipe
          + ": stop it with 'Stop-Service "
          + OPENSSH_SERVICE
          + "' in a PowerShell run as"
          + " administrator (and 'Set-Service "
          + OPENSSH_SERVICE
          + " -StartupType Disabled' to"
          + " keep it stopped), or serve another pipe with 'jpki agent -a "
          + other
          + "'";
    }
    return "another program already serves "
        + pipe
        + " (another jpki agent, or an agent such as"
        + " KeeAgent or 1Password): stop it, or serve another pipe with 'jpki agent -a "
        + other
        + "'";
  }

  /** Pageant's pipe or window is taken: Pageant itself, or another agent standing in for it. */
  static String pageant(String what) {
    return "Pageant, or another agent answering for it, is already running for this user ("
        + what
        + " exists): quit it (its icon in the notification area, Exit), or start jpki"
        + " agent with --no-pageant to serve OpenSSH only";
  }

  // A pipe name to suggest instead of the one taken.
  private static String otherName(String pipe) {
    return pipe.equalsIgnoreCase(PipeNames.PREFIX + "jpki-agent") ? "jpki-agent-2" : "jpki-agent";
  }
}
