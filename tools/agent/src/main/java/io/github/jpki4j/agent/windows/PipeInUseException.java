package io.github.jpki4j.agent.windows;

import java.io.IOException;

/** A named pipe could not be created because another process already serves that name. */
public final class PipeInUseException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The pipe's full name. */
  private final String pipe;

  /**
   * @param pipe the pipe's full name
   * @param detail what Windows said
   */
  public PipeInUseException(String pipe, String detail) {
    super(pipe + " is already served by another process (" + detail + ")");
    this.pipe = pipe;
  }

  /** The pipe's full name. */
  public String pipe() {
    return pipe;
  }
}
