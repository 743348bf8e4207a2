package io.github.jpki4j.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private sshd on 127.0.0.1 at a free port, accepting the authorized keys it is given, and the
 * ssh command lines that log in to it through an agent. Stopped by its PID in {@link #close()}. A
 * test using it declares {@link ExternalTool#SSHD}, {@link ExternalTool#SSH} and {@link
 * ExternalTool#SSH_KEYGEN} in its {@link RequiresTools}.
 */
public final class PrivateSshd implements AutoCloseable {

  private final Path dir;
  private final Process process;
  private final int port;
  private final String user = System.getProperty("user.name");

  private PrivateSshd(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Starts sshd in {@code dir}, authorizing {@code keyLine}; retries on a port clash. */
  public static PrivateSshd start(Path dir, String keyLine) throws Exception {
    Files.createDirectories(dir);
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
    }
    Path hostKey = dir.resolve("host_key");
    TestProcess.Result keygen =
        TestProcess.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "jpki4j-test-host",
                "-f",
                hostKey.toString())
            .run();
    if (keygen.exit() != 0) {
      throw new IOException("ssh-keygen failed: " + keygen);
    }
    Path program =
        ExternalTool.SSHD.find().orElseThrow(() -> new IOException("sshd is not installed"));
    writeAuthorizedKeys(dir, keyLine);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path config = dir.resolve("sshd_config");
      Files.writeString(
          config,
          String.join(
              "\n",
              "Port " + port,
              "ListenAddress 127.0.0.1",
              "HostKey " + hostKey,
              "PidFile " + dir.resolve("sshd.pid"),
              "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
              "PubkeyAuthentication yes",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PermitRootLogin prohibit-password",
              "StrictModes no",
              "UsePAM no",
              "MaxStartups 64:30:128",
              "Subsystem sftp internal-sftp",
              "LogLevel VERBOSE",
              ""));
      Files.writeString(
          dir.resolve("known_hosts"),
          "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
      Process p =
          new ProcessBuilder(program.toString(), "-D", "-e", "-f", config.toString())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(dir.resolve("sshd.log").toFile())
              .start();
      PrivateSshd sshd = new PrivateSshd(dir, p, port);
      try {
        sshd.awaitListening(Duration.ofSeconds(10));
        return sshd;
      } catch (IOException e) {
        sshd.close();
        last = e;
      }
    }
    throw last;
  }

  /**
   * Makes {@code keyLine} the only key this server accepts from the next login on (sshd reads its
   * authorized_keys file at each login).
   */
  public void authorize(String keyLine) throws IOException {
    writeAuthorizedKeys(dir, keyLine);
  }

  private static void writeAuthorizedKeys(Path dir, String keyLine) throws IOException {
    Path next = dir.resolve("authorized_keys.next");
    Files.writeString(next, keyLine + "\n");
    Files.move(
        next,
        dir.resolve("authorized_keys"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
      if (!process.isAlive()) {
        throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    throw new IOException("sshd did not listen on port " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** ssh options that use only the agent at {@code socket} and trust only this server. */
  public List<String> clientOptions(Path socket) {
    return List.of(
        "-F",
        "/dev/null",
        "-o",
        "IdentityAgent=" + socket,
        "-o",
        "IdentitiesOnly=no",
        "-o",
        "IdentityFile=none",
        "-o",
        "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "StrictHostKeyChecking=accept-new",
        "-o",
        "BatchMode=yes",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "LogLevel=ERROR");
  }

  public String destination() {
    return user + "@127.0.0.1";
  }

  /** {@code ssh … true} through the agent at {@code socket}, with extra options before it. */
  public TestProcess.Result login(Path socket, String... extraOptions) throws Exception {
    return run(socket, List.of(extraOptions), "true");
  }

  /**
   * {@code ssh … remoteCommand} through the agent at {@code socket}, with extra options before the
   * destination: the command runs on this server when the login succeeds.
   */
  public TestProcess.Result run(Path socket, List<String> extraOptions, String remoteCommand)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port)));
    cmd.addAll(clientOptions(socket));
    cmd.addAll(extraOptions);
    cmd.addAll(List.of(destination(), remoteCommand));
    return TestProcess.of(cmd).run();
  }

  /** sshd's log so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM to this PID
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
