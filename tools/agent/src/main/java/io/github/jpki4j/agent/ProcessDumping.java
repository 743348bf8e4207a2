package io.github.jpki4j.agent;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Keeps the agent's memory from being dumped or read by other processes of the same user, as
 * OpenSSH's agent does: on Linux {@code prctl(PR_SET_DUMPABLE, 0)} (no core dump, no ptrace, no
 * {@code /proc/PID/mem} and no {@code jcmd} attach except for root). macOS has only {@code
 * PT_DENY_ATTACH}, which would also keep crash reports and debuggers away and is not used; Windows
 * keeps other users out by the process's security descriptor and has nothing that stops the same
 * user, so nothing is done there.
 */
public final class ProcessDumping {
  private static final int PR_GET_DUMPABLE = 3;
  private static final int PR_SET_DUMPABLE = 4;

  private ProcessDumping() {}

  /** The C library's {@code prctl}. */
  interface CLibrary extends Library {
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);
  }

  /**
   * Makes this process non-dumpable where the system allows it.
   *
   * @param osName {@code os.name}
   * @return the one log line that says what was done
   */
  public static String forbid(String osName) {
    String os = osName.toLowerCase(java.util.Locale.ROOT);
    if (os.startsWith("linux")) {
      try {
        CLibrary c = Native.load("c", CLibrary.class);
        if (c.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
            && c.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0) {
          return "process memory: not dumpable (no core dumps, no memory reads by other processes"
              + " of this user)";
        }
        return "process memory: still dumpable (prctl PR_SET_DUMPABLE failed)";
      } catch (LinkageError | RuntimeException e) {
        return "process memory: still dumpable (prctl could not be called: " + e.getMessage() + ")";
      }
    }
    if (os.startsWith("mac")) {
      return "process memory: still dumpable (not available on macOS)";
    }
    if (os.startsWith("windows")) {
      return "process memory: other users are kept out by Windows; nothing more is needed";
    }
    return "process memory: still dumpable (not available on " + osName + ")";
  }

  /** Whether this process may be dumped (Linux; {@code true} elsewhere). */
  static boolean dumpable() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux")) {
      return true;
    }
    return Native.load("c", CLibrary.class).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
  }
}
