package io.github.jpki4j.ssh;

import java.io.IOException;

/**
 * Bytes or text that do not follow an SSH wire format: a length that runs past the end of the data,
 * trailing garbage, an unexpected key type, malformed base64 or UTF-8, and so on. The message says
 * what was wrong and where; it never contains the rejected data.
 */
public class SshFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, for a person to read
   */
  public SshFormatException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong, for a person to read
   * @param cause the underlying failure
   */
  public SshFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
