package io.github.jpki4j.cli;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentReply;
import io.github.jpki4j.ssh.agent.AgentRequest;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the SSH agent at {@code SSH_AUTH_SOCK} offers a given key: the test for "OpenSSH's own
 * ssh-keygen can sign with the card through the agent". Any failure to ask (no variable, no socket,
 * not an agent) is a plain "no".
 */
final class AgentProbe {
  private AgentProbe() {}

  /** True when the agent at {@code socket} (may be null) lists {@code key}. */
  static boolean offers(String socket, RsaSshPublicKey key) {
    for (Identity id : identities(socket)) {
      if (Arrays.equals(id.keyBlob().toByteArray(), key.blob())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The card's key as the agent at {@code socket} lists it (a jpki agent names it with {@link
   * CardSshKeys#COMMENT_PREFIX}), or null.
   */
  static Identity cardKey(String socket) {
    for (Identity id : identities(socket)) {
      if (id.comment().startsWith(CardSshKeys.COMMENT_PREFIX)) {
        return id;
      }
    }
    return null;
  }

  /** The keys the agent at {@code socket} lists; none when it cannot be asked. */
  static List<Identity> identities(String socket) {
    if (socket == null || socket.isBlank() || !Files.exists(Path.of(socket))) {
      return List.of();
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      AgentCodec codec = new AgentCodec();
      OutputStream out = Channels.newOutputStream(ch);
      InputStream in = Channels.newInputStream(ch);
      codec.writeRequest(out, new AgentRequest.RequestIdentities());
      out.flush();
      return codec.readReply(in) instanceof AgentReply.IdentitiesAnswer answer
          ? answer.identities()
          : List.of();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
