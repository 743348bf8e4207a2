package io.github.jpki4j.ssh.sshsig;

import java.security.GeneralSecurityException;

/**
 * An SSHSIG signature that is well-formed but does not verify. {@link #reason()} says why, so
 * callers need not parse the message.
 */
public class SshSigVerificationException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why a signature was not accepted. */
  public enum Reason {
    /** The signature was made for another namespace than the one expected. */
    WRONG_NAMESPACE,
    /**
     * The signature algorithm is not allowed in SSHSIG: for RSA only {@code rsa-sha2-512} and
     * {@code rsa-sha2-256} are (PROTOCOL.sshsig §2), never SHA-1 {@code ssh-rsa}.
     */
    UNSUPPORTED_ALGORITHM,
    /** The signature does not match the message and key: the message or signature was altered. */
    BAD_SIGNATURE
  }

  private final Reason reason;

  /**
   * @param reason why
   * @param message for a person to read
   */
  public SshSigVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the signature was not accepted. */
  public Reason reason() {
    return reason;
  }
}
