package io.github.jpki4j.agent.windows;

import java.util.regex.Pattern;

/**
 * Who may use the agent, decided on security identifiers: the pipes' security descriptor, the check
 * of each pipe client, and the check of each Pageant file mapping.
 */
final class SidRules {
  // S-1-<authority>-<sub>…: what ConvertSidToStringSid writes.
  private static final Pattern SID = Pattern.compile("S-1-\\d{1,13}(-\\d{1,10}){1,15}");

  private SidRules() {}

  /** Whether {@code sid} is a well-formed string SID (so that nothing else enters the SDDL). */
  static boolean wellFormed(String sid) {
    return sid != null && SID.matcher(sid).matches();
  }

  /**
   * The pipes' security descriptor, in SDDL: owned by the user (PuTTY checks that the pipe's owner
   * is its own user before it talks to an agent), a protected DACL (nothing inherited) that denies
   * everything to network logons and allows reading and writing to the user, and to no one else.
   * Writing includes {@code FILE_CREATE_PIPE_INSTANCE}, so only the user can add instances of the
   * pipe once it exists.
   *
   * @throws IllegalArgumentException if {@code userSid} is not a string SID
   */
  static String pipeSddl(String userSid) {
    if (!wellFormed(userSid)) {
      throw new IllegalArgumentException("not a SID: " + userSid);
    }
    return "O:" + userSid + "D:P(D;;GA;;;NU)(A;;GRGW;;;" + userSid + ")";
  }

  /**
   * Whether a pipe client may talk to the agent: its process runs as the agent's user, as the Unix
   * agent checks the peer's uid. (An elevated process of the same user has the same user SID.)
   */
  static boolean pipeClientAllowed(String clientSid, String userSid) {
    return clientSid != null && clientSid.equalsIgnoreCase(userSid);
  }

  /**
   * Whether a Pageant request's file mapping may be used, as Pageant decides: its owner is the
   * user's SID, or the owner of this process's security descriptor, which Pageant before 0.61 and
   * programs built on its old client code put on their mappings (for a process that is not
   * elevated, that is the user's SID too).
   */
  static boolean mappingOwnerAllowed(String ownerSid, String userSid, String processOwnerSid) {
    return ownerSid != null
        && (ownerSid.equalsIgnoreCase(userSid) || ownerSid.equalsIgnoreCase(processOwnerSid));
  }
}
