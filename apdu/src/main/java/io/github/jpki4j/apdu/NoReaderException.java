package io.github.jpki4j.apdu;

/** No card reader is connected, or none matches the name or index asked for. */
public class NoReaderException extends TransportException {
  private static final long serialVersionUID = 1L;

  public NoReaderException(String message) {
    super(message);
  }

  public NoReaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
