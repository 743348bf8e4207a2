package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.RequiresToolsCondition;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket's own rules, with a backend that has no key. */
class AgentServerTest {
  private static final AgentBackend NO_KEYS =
      new AgentBackend() {
        @Override
        public List<Identity> identities() {
          return List.of();
        }

        @Override
        public byte[] sign(byte[] keyBlob, byte[] data, int flags) {
          throw new AssertionError("no key to sign with");
        }
      };

  @TempDir Path dir;
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

  @Test
  void refusesAnExistingPathAndKeepsAForeignDirectory() throws Exception {
    Path taken = Files.writeString(dir.resolve("taken"), "");
    assertThrows(
        FileAlreadyExistsException.class,
        () -> AgentServer.start(taken, false, NO_KEYS, log::add, false, 4));
    assertTrue(Files.exists(taken), "left alone");

    Path socket = dir.resolve("agent.sock");
    AgentServer server = AgentServer.start(socket, false, NO_KEYS, log::add, false, 4);
    server.close();
    assertTrue(Files.notExists(socket));
    assertTrue(Files.isDirectory(dir), "a directory the server did not make stays");
  }

  @Test
  @RequiresTools({ExternalTool.SETPRIV, ExternalTool.SSH_ADD})
  void anotherUsersConnectionIsClosed() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      RequiresToolsCondition.skipOrFail("acting as another user needs root");
    }
    // A directory everyone may enter, and a socket everyone may connect to: only the peer check
    // stands in the way.
    Path open = Files.createTempDirectory(Path.of("/tmp"), "jpki-peer-test");
    try {
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path socket = open.resolve("agent.sock");
      AgentServer server = AgentServer.start(socket, false, NO_KEYS, log::add, true, 4);
      try {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
        TestProcess.Result nobody =
            TestProcess.of(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "ssh-add", "-l")
                .env(env)
                .run();
        assertNotEquals(0, nobody.exit(), nobody::toString);
        // ssh-add either reads the closed connection, or dies of SIGPIPE (exit 141) writing to it
        assertTrue(
            nobody.err().contains("communication with agent failed") || nobody.exit() == 141,
            nobody::toString);
        assertTrue(
            log.stream().anyMatch(l -> l.startsWith("refused a connection from user")),
            log::toString);
        TestProcess.Result me = TestProcess.of("ssh-add", "-l").env(env).run();
        assertTrue(me.out().contains("The agent has no identities."), me::toString);
      } finally {
        server.close();
      }
    } finally {
      Files.deleteIfExists(open.resolve("agent.sock"));
      Files.deleteIfExists(open);
    }
  }
}
