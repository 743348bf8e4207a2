package io.github.jpki4j.ssh.agent;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key an agent offers: its public key blob and comment, an entry of
 * {@code SSH_AGENT_IDENTITIES_ANSWER}. The blob may be of any key type.
 *
 * @param keyBlob the public key blob (e.g. {@code string "ssh-rsa", mpint e, mpint n}); copied
 * @param comment the comment {@code ssh-add -l} shows, possibly empty
 */
// ArrayRecordComponent: the blob is copied in and out, and equals/hashCode compare its contents
@SuppressWarnings("ArrayRecordComponent")
public record Identity(byte[] keyBlob, String comment) {
  /** Copies the blob. */
  public Identity {
    keyBlob = keyBlob.clone();
    Objects.requireNonNull(comment, "comment");
  }

  /** The identity of an RSA key. */
  public static Identity of(RsaSshPublicKey key, String comment) {
    return new Identity(key.blob(), comment);
  }

  /** A fresh copy of the key blob. */
  @Override
  public byte[] keyBlob() {
    return keyBlob.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identity i && Arrays.equals(keyBlob, i.keyBlob)
        && comment.equals(i.comment);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keyBlob) + comment.hashCode();
  }

  @Override
  public String toString() {
    return "Identity[" + keyBlob.length + "-byte key, comment=" + comment + "]";
  }
}
