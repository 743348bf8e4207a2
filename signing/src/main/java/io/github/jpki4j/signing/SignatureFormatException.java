package io.github.jpki4j.signing;

/** Bytes that should be a signature (CMS, a timestamp token) and are not; the message says why. */
public final class SignatureFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public SignatureFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
