package io.github.jpki4j.agent.windows;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Names of the OpenSSH pipe: the default, the one {@code -a} picks, and how clients are told. */
public final class PipeNames {
  /** Where every local pipe's name begins. */
  public static final String PREFIX = "\\\\.\\pipe\\";

  /** The pipe Windows' {@code ssh.exe} and {@code ssh-add.exe} use when SSH_AUTH_SOCK is unset. */
  public static final String OPENSSH_DEFAULT = PREFIX + "openssh-ssh-agent";

  // Letters, digits, '.', '_', '-': a name cmd and PowerShell take without quoting troubles.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private PipeNames() {}

  /**
   * The full pipe name for {@code -a}: a bare name ({@code jpki-agent}), or one already in the form
   * {@code \\.\pipe\NAME} or {@code //./pipe/NAME}.
   *
   * @throws IllegalArgumentException with one sentence saying what a name may be
   */
  public static String fromOption(String value) {
    String name = value.strip();
    for (String prefix : List.of(PREFIX, "//./pipe/")) {
      if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        name = name.substring(prefix.length());
        break;
      }
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a pipe name this agent serves:"
              + " give a name of letters, digits, '.', '_' and '-' (e.g. -a jpki-agent), optionally"
              + " as \\\\.\\pipe\\NAME");
    }
    return PREFIX + name;
  }

  /**
   * The lines that point {@code ssh.exe} and {@code ssh-add.exe} at {@code pipe}: none for the
   * default pipe (they find it by themselves), else one for cmd and one for PowerShell.
   */
  public static List<String> shellLines(String pipe) {
    if (pipe.equalsIgnoreCase(OPENSSH_DEFAULT)) {
      return List.of();
    }
    return List.of("set SSH_AUTH_SOCK=" + pipe, "$env:SSH_AUTH_SOCK = '" + pipe + "'");
  }
}
