/**
 * OpenSSH signatures of files and messages, "SSHSIG" (OpenSSH's PROTOCOL.sshsig): what {@code
 * ssh-keygen -Y sign} writes, {@code ssh-keygen -Y verify} checks, and git uses for {@code
 * gpg.format=ssh}.
 *
 * <p>{@link io.github.jpki4j.ssh.sshsig.SshSig} signs in two steps so that a smart card can sign in
 * between: {@link io.github.jpki4j.ssh.sshsig.SshSig#signedData} gives the bytes to sign, {@link
 * io.github.jpki4j.ssh.sshsig.SshSig#of} and {@link io.github.jpki4j.ssh.sshsig.SshSig#armor} wrap
 * the card's signature. Parsing is strict; verification reports why it failed through {@link
 * io.github.jpki4j.ssh.sshsig.SshSigVerificationException#reason()}.
 */
package io.github.jpki4j.ssh.sshsig;
