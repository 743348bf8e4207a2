package io.github.jpki4j.jca;

/** A PIN was needed and none was given, or the callback handler gave none. Nothing was sent. */
final class PinUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  PinUnavailableException(String message) {
    super(message);
  }

  PinUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
