package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.ssh.testing.OpenSsh;
import io.github.jpki4j.ssh.testing.OpenSsh.RsaTestKey;
import io.github.jpki4j.ssh.testing.TestKeys;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec and handler behind a minimal Unix-socket loop (test code only; the real server lives in
 * the tools module), driven by the real {@code ssh-add} and {@code ssh-keygen -Y sign}.
 */
@RequiresTools({ExternalTool.SSH_ADD, ExternalTool.SSH_KEYGEN})
class AgentOpenSshTest {
  private static final String COMMENT = "jpki4j agent test";

  @TempDir static Path dir;
  static RsaTestKey k;
  static RsaSshPublicKey key;
  static ServerSocketChannel server;
  static Map<String, String> env;
  static final List<String> log = new CopyOnWriteArrayList<>();
  static final List<Integer> flagsSeen = new CopyOnWriteArrayList<>();

  /** An agent over a JDK key: what the card backend will do, minus the card. */
  static final class JdkKeyBackend implements AgentBackend {
    @Override
    public List<Identity> identities() {
      return List.of(Identity.of(key, COMMENT));
    }

    @Override
    public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
      flagsSeen.add(flags);
      if (!Arrays.equals(keyBlob, key.blob())) {
        throw new AgentRefusedException("unknown key");
      }
      SshSignatureAlgorithm alg = SshSignatureAlgorithm.forAgentFlags(flags);
      if (alg == SshSignatureAlgorithm.SSH_RSA) {
        throw new AgentRefusedException("SHA-1 ssh-rsa signatures are refused");
      }
      byte[] raw = TestKeys.sign(k.privateKey(), alg, data);
      return SshSignature.of(alg, raw, key).blob();
    }
  }

  @BeforeAll
  static void startAgent() throws Exception {
    k = OpenSsh.generateRsaKey(dir, "k", "unused");
    key = RsaSshPublicKey.of(k.publicKey());
    Path sock = dir.resolve("agent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    AgentRequestHandler handler =
        new AgentRequestHandler(
            new JdkKeyBackend(), (what, e) -> log.add(what + ": " + e.getMessage()));
    AgentCodec codec = new AgentCodec();
    Thread accept =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try {
                  SocketChannel c = server.accept();
                  Thread conn =
                      new Thread(
                          () -> {
                            try (c) {
                              handler.serve(
                                  Channels.newInputStream(c), Channels.newOutputStream(c), codec);
                            } catch (IOException e) {
                              log.add("connection: " + e);
                            }
                          });
                  conn.setDaemon(true);
                  conn.start();
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "test-agent-accept");
    accept.setDaemon(true);
    accept.start();
    env = Map.of("SSH_AUTH_SOCK", sock.toString());
  }

  @AfterAll
  static void stopAgent() throws IOException {
    server.close();
  }

  static Result run(String tool, String... args) throws Exception {
    return OpenSsh.run(dir, new byte[0], env, tool, args);
  }

  @Test
  void sshAddListsOurKeyLine() throws Exception {
    assertEquals(
        key.toAuthorizedKeysLine(COMMENT) + "\n",
        run("ssh-add", "-L").assertOk("ssh-add -L").out());
    assertEquals(
        "2048 " + key.fingerprintSha256() + " " + COMMENT + " (RSA)\n",
        run("ssh-add", "-l").assertOk("ssh-add -l").out());
  }

  @Test
  void sshKeygenSignsThroughTheAgentWithRsaSha2_512() throws Exception {
    // only the public key is at hand, so ssh-keygen must ask the agent
    Path pubOnly = Files.createDirectories(dir.resolve("pub-only"));
    Path pub = Files.copy(k.publicKeyFile(), pubOnly.resolve("k.pub"));
    Path msg = Files.writeString(pubOnly.resolve("msg.txt"), "signed via the agent\n");
    flagsSeen.clear();
    run("ssh-keygen", "-Y", "sign", "-f", pub.toString(), "-n", "file", msg.toString())
        .assertOk("ssh-keygen -Y sign through the agent");
    assertEquals(List.of(AgentSignFlags.RSA_SHA2_512), flagsSeen);
    SshSig sig = SshSig.fromArmor(Files.readString(Path.of(msg + ".sig")));
    assertEquals(key, sig.verify(Files.readAllBytes(msg), "file"));

    // and byte-identical to ssh-keygen signing with the private key file
    Path withKey = dir.resolve("msg2.txt");
    Files.copy(msg, withKey);
    OpenSsh.run(
            dir,
            new byte[0],
            Map.of(),
            "ssh-keygen",
            "-Y",
            "sign",
            "-f",
            k.privateKeyFile().toString(),
            "-n",
            "file",
            withKey.toString())
        .assertOk("ssh-keygen -Y sign with the key file");
    assertEquals(
        Files.readString(Path.of(withKey + ".sig")), Files.readString(Path.of(msg + ".sig")));
  }

  @Test
  void refusedRequestsFailPolitelyAndTheAgentCarriesOn() throws Exception {
    log.clear();
    Result r = run("ssh-add", "-D");
    assertNotEquals(0, r.exit(), r.out() + r.err());
    assertTrue(
        log.contains("REMOVE_ALL_IDENTITIES: removing all keys is not supported"), log.toString());
    run("ssh-add", "-L").assertOk("ssh-add -L");
  }
}
