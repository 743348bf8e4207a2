package io.github.jpki4j.agent.windows;

import java.io.IOException;

/** The Windows agent could not start; the message is one sentence for the user. */
public final class WindowsAgentException extends IOException {
  private static final long serialVersionUID = 1L;

  WindowsAgentException(String message, Throwable cause) {
    super(message, cause);
  }

  WindowsAgentException(String message) {
    super(message);
  }
}
