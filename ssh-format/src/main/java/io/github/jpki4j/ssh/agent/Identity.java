package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import java.util.Objects;

/**
 * One key an agent offers: its public key blob and comment, an entry of {@code
 * SSH_AGENT_IDENTITIES_ANSWER}. The blob may be of any key type.
 *
 * @param keyBlob the public key blob (e.g. {@code string "ssh-rsa", mpint e, mpint n})
 * @param comment the comment {@code ssh-add -l} shows, possibly empty
 */
public record Identity(Bytes keyBlob, String comment) {
  /** Checks for nulls. */
  public Identity {
    Objects.requireNonNull(keyBlob, "keyBlob");
    Objects.requireNonNull(comment, "comment");
  }

  /** The identity of an RSA key. */
  public static Identity of(RsaSshPublicKey key, String comment) {
    return new Identity(Bytes.of(key.blob()), comment);
  }
}
