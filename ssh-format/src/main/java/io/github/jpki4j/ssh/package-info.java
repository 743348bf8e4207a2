/**
 * OpenSSH wire formats for RSA keys: the SSH encoding itself ({@link
 * io.github.jpki4j.ssh.SshWriter}, {@link io.github.jpki4j.ssh.SshReader}), public keys as blobs,
 * {@code authorized_keys} lines and fingerprints ({@link io.github.jpki4j.ssh.RsaSshPublicKey},
 * {@link io.github.jpki4j.ssh.AuthorizedKeysLine}), and signature blobs ({@link
 * io.github.jpki4j.ssh.SshSignature}, {@link io.github.jpki4j.ssh.SshSignatureAlgorithm}).
 *
 * <p>Subpackages: {@code sshsig} (OpenSSH file signatures, {@code ssh-keygen -Y}) and {@code agent}
 * (the ssh-agent protocol codec). Nothing here knows about smart cards: the card only produces raw
 * PKCS#1 v1.5 signatures, which these types wrap.
 *
 * <p>Errors: malformed input always raises the checked {@link
 * io.github.jpki4j.ssh.SshFormatException} (an {@link java.io.IOException}), never an unchecked
 * exception; {@link java.lang.IllegalArgumentException} means the caller passed a bad value. This
 * package depends on the JDK only.
 */
package io.github.jpki4j.ssh;
