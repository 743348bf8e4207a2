package io.github.jpki4j.ssh;

import static io.github.jpki4j.ssh.testing.OpenSsh.sshKeygen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.testing.OpenSsh;
import io.github.jpki4j.ssh.testing.OpenSsh.RsaTestKey;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our key lines and fingerprints against what ssh-keygen writes and accepts. */
@RequiresTools({ExternalTool.SSH_KEYGEN})
class RsaKeyOpenSshTest {
  @TempDir static Path dir;
  static RsaTestKey k;
  static RsaSshPublicKey key;

  @BeforeAll
  static void generate() throws Exception {
    k = OpenSsh.generateRsaKey(dir, "k", "jpki4j test key");
    key = RsaSshPublicKey.of(k.publicKey());
  }

  @Test
  void ourLineIsTheDotPubLine() {
    // ssh-keygen writes "ssh-rsa BASE64 comment\n"
    assertEquals(k.publicKeyLine(), key.toAuthorizedKeysLine("jpki4j test key"));
    String[] f = k.publicKeyLine().split(" ", -1);
    assertEquals(f[0] + " " + f[1], key.toAuthorizedKeysLine(null));
  }

  @Test
  void parsingTheDotPubLineGivesTheSameKey() throws Exception {
    AuthorizedKeysLine l = AuthorizedKeysLine.parse(Files.readString(k.publicKeyFile()));
    assertEquals(key, l.key());
    assertEquals("jpki4j test key", l.comment());
    assertEquals(k.publicKey(), l.key().toJavaKey());
  }

  @Test
  void fingerprintMatchesSshKeygen() throws Exception {
    String out =
        sshKeygen(dir, "-l", "-E", "sha256", "-f", k.publicKeyFile().toString())
            .assertOk("ssh-keygen -l -E sha256")
            .out();
    // "2048 SHA256:... jpki4j test key (RSA)"
    String[] cols = out.strip().split(" ", -1);
    assertEquals(String.valueOf(key.bits()), cols[0]);
    assertEquals(cols[1], key.fingerprintSha256());
    assertEquals(
        cols[1],
        sshKeygen(dir, "-l", "-f", k.publicKeyFile().toString())
            .assertOk("ssh-keygen -l")
            .out()
            .split(" ", -1)[1],
        "SHA-256 is ssh-keygen's default");
  }

  @Test
  void sshKeygenAcceptsLinesWeWrite() throws Exception {
    String options =
        AuthorizedKeysLine.expiryTimeOption(LocalDate.of(2030, 10, 26))
            + ",command=\"echo hello world\",no-pty";
    String[][] cases = {
      {key.toAuthorizedKeysLine("a comment with spaces"), "a comment with spaces"},
      {key.toAuthorizedKeysLine(null), "no comment"},
      {key.toAuthorizedKeysLine(options, "card"), "card"},
    };
    for (String[] c : cases) {
      Path f = dir.resolve("written.pub");
      Files.writeString(f, c[0] + "\n");
      String out = sshKeygen(dir, "-l", "-f", f.toString()).assertOk("ssh-keygen -l").out();
      assertTrue(
          out.startsWith("2048 " + key.fingerprintSha256() + " " + c[1] + " (RSA)"),
          c[0] + " -> " + out);
    }
  }

  @Test
  void ed25519KeyFromSshKeygenIsRejectedByName() throws Exception {
    sshKeygen(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ed", "-f", dir.resolve("ed").toString())
        .assertOk("ssh-keygen -t ed25519");
    String line = Files.readString(dir.resolve("ed.pub"));
    SshFormatException e =
        assertThrows(SshFormatException.class, () -> RsaSshPublicKey.parse(line));
    assertTrue(
        e.getMessage().contains("not an RSA key") && e.getMessage().contains("ssh-ed25519"),
        e.getMessage());
  }
}
