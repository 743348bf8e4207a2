/**
 * The glue between the card driver ({@code apdu}) and the OpenSSH formats ({@code ssh-format}): the
 * card's keys as OpenSSH public keys, and SSH signatures made by the card. Used by the {@code jpki}
 * commands and by the agent alike.
 */
package io.github.jpki4j.sshcard;
