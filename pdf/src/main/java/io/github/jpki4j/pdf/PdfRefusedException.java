package io.github.jpki4j.pdf;

/** A PDF that cannot be signed or checked as asked; the message says why in one sentence. */
public final class PdfRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public PdfRefusedException(String message) {
    super(message);
  }

  public PdfRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
