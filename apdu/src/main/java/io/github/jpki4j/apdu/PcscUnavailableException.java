package io.github.jpki4j.apdu;

/** No PC/SC: the library could not be loaded, or the service (pcscd) is not running. */
public class PcscUnavailableException extends TransportException {
  private static final long serialVersionUID = 1L;

  public PcscUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
