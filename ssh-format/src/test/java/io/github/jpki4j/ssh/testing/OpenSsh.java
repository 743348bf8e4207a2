package io.github.jpki4j.ssh.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.testsupport.TestProcess;
import io.github.jpki4j.testsupport.TestProcess.Result;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Runs the real OpenSSH tools for interop tests. A missing tool fails the test loudly instead of
 * skipping it: CI installs OpenSSH, and a silently skipped interop test proves nothing.
 */
public final class OpenSsh {
  private OpenSsh() {}

  /** A key made by ssh-keygen, with its files and its JDK form. */
  public record RsaTestKey(
      Path privateKeyFile,
      Path publicKeyFile,
      String publicKeyLine,
      RSAPrivateCrtKey privateKey,
      RSAPublicKey publicKey) {}

  /** The absolute path of a tool on PATH, or a loud failure. */
  // StringSplitter: split(sep, -1) would also try a trailing empty PATH entry (the working
  // directory); kept as it was
  @SuppressWarnings("StringSplitter")
  public static String tool(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return fail(
        name
            + " not found on PATH: these tests need the real OpenSSH tools "
            + "(Debian/Ubuntu: apt-get install openssh-client)");
  }

  /** Runs {@code tool args...} in {@code dir} with {@code stdin} and extra environment. */
  public static Result run(
      Path dir, byte[] stdin, Map<String, String> env, String tool, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool(tool));
    cmd.addAll(List.of(args));
    return TestProcess.of(cmd).dir(dir).stdin(stdin).env(env).timeout(Duration.ofSeconds(60)).run();
  }

  /** Runs {@code ssh-keygen args...} in {@code dir} with empty stdin. */
  public static Result sshKeygen(Path dir, String... args)
      throws IOException, InterruptedException {
    return run(dir, new byte[0], Map.of(), "ssh-keygen", args);
  }

  /**
   * {@code ssh-keygen -t rsa -b 2048 -m PKCS8 -N '' -C comment -f dir/name}, then reads the private
   * key with the JDK, as PKCS#8.
   */
  public static RsaTestKey generateRsaKey(Path dir, String name, String comment)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path priv = dir.resolve(name);
    sshKeygen(
            dir,
            "-q",
            "-t",
            "rsa",
            "-b",
            "2048",
            "-m",
            "PKCS8",
            "-N",
            "",
            "-C",
            comment,
            "-f",
            priv.toString())
        .assertOk("ssh-keygen -t rsa");
    String pem = Files.readString(priv, StandardCharsets.US_ASCII);
    assertTrue(
        pem.startsWith("-----BEGIN PRIVATE KEY-----"),
        "ssh-keygen -m PKCS8 wrote: " + pem.lines().findFirst().orElse(""));
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
    RSAPublicKey pub =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    Path pubFile = dir.resolve(name + ".pub");
    return new RsaTestKey(priv, pubFile, Files.readString(pubFile).strip(), crt, pub);
  }
}
