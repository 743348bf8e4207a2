package io.github.jpki4j.agent;

import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The ssh-agent socket: a Unix domain socket, mode 0600, normally inside a directory of its own
 * with mode 0700 ({@link #newSocketPath}, as ssh-agent makes {@code /tmp/ssh-XXXXXXXXXX/}).
 *
 * <ul>
 *   <li>Each connection's peer is checked with {@code SO_PEERCRED}: a process of another user is
 *       disconnected at once (root included: a root client is the same user only when the agent
 *       runs as root).
 *   <li>Each connection is served on a thread of a bounded pool ({@value #DEFAULT_MAX_CONNECTIONS}
 *       by default; as many more wait in a queue; beyond that a connection is closed) by {@link
 *       AgentRequestHandler#serve}, with {@link AgentCodec}'s size cap. A malformed request gets
 *       {@code SSH_AGENT_FAILURE}; a broken frame (hostile length, cut stream) closes that
 *       connection. Nothing a client sends ends the agent.
 *   <li>With {@code verbose}, one line per request on the log: its type, the algorithm, the outcome
 *       and the time taken; never a PIN and never the data signed. (Requests the handler answers by
 *       itself, unknown types such as {@code ssh-add FILE}'s, are not logged.)
 *   <li>A connection stays open as long as its client keeps it open; an idle client holds one
 *       thread of the pool.
 *   <li>{@link #close()} stops accepting, closes connections, and removes the socket (and the
 *       directory when the server made it or was told it owns it).
 * </ul>
 *
 * <p>The socket file is created by {@code bind(2)} with the process's umask and set to 0600 right
 * after; with the default path nobody else can reach it in between (the directory is 0700), and
 * with a socket path of the user's choice the peer check still turns other users away.
 */
public final class AgentServer implements AutoCloseable {
  /** Connections served at once by default. */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Path socket;
  private final boolean ownsDirectory;
  private final ServerSocketChannel server;
  private final UserPrincipal owner;
  private final Consumer<String> log;
  private final AgentConnections connections;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread acceptor;
  private volatile boolean open = true;

  private AgentServer(
      Path socket,
      boolean ownsDirectory,
      ServerSocketChannel server,
      UserPrincipal owner,
      AgentBackend backend,
      Consumer<String> log,
      boolean verbose,
      int maxConnections) {
    this.socket = socket;
    this.ownsDirectory = ownsDirectory;
    this.server = server;
    this.owner = owner;
    this.log = log;
    AgentBackend served = verbose ? new LoggingBackend(backend, log) : backend;
    AgentRequestHandler handler =
        new AgentRequestHandler(
            served,
            (what, e) -> {
              if (verbose && e instanceof AgentProtocolException) {
                log.accept(what + ": malformed request: " + e.getMessage());
              }
            });
    this.connections =
        new AgentConnections(handler, log, verbose, maxConnections, "jpki-agent", "");
    this.acceptor = new Thread(this::acceptLoop, "jpki-agent-accept");
    acceptor.setDaemon(true);
  }

  /**
   * Makes a fresh private directory {@code tmpDir/jpki-XXXXXXXX} (mode 0700) and returns the socket
   * path {@code agent.<pid>} inside it, as ssh-agent does.
   *
   * @throws IOException if the directory cannot be created
   */
  public static Path newSocketPath(Path tmpDir) throws IOException {
    SecureRandom random = new SecureRandom();
    for (int attempt = 0; attempt < 20; attempt++) {
      StringBuilder name = new StringBuilder("jpki-");
      for (int i = 0; i < 8; i++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      Path dir = tmpDir.resolve(name.toString());
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir.resolve("agent." + ProcessHandle.current().pid());
    }
    throw new IOException("could not create a private directory in " + tmpDir);
  }

  /**
   * Binds the socket and starts serving.
   *
   * @param socket the socket path; must not exist
   * @param ownsDirectory whether {@link #close()} also removes the socket's directory (when made by
   *     {@link #newSocketPath})
   * @param backend answers the requests
   * @param log where the server's lines go (refused peers always; requests with {@code verbose})
   * @param verbose one line per request
   * @param maxConnections connections served at once (as many more wait)
   * @throws FileAlreadyExistsException if something exists at {@code socket}
   * @throws IOException if the socket cannot be created
   */
  public static AgentServer start(
      Path socket,
      boolean ownsDirectory,
      AgentBackend backend,
      Consumer<String> log,
      boolean verbose,
      int maxConnections)
      throws IOException {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(log, "log");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(
          socket.toString(), null, "already exists (another agent? remove it if it is stale)");
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 64);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      UserPrincipal owner = Files.getOwner(socket);
      AgentServer s =
          new AgentServer(
              socket, ownsDirectory, server, owner, backend, log, verbose, maxConnections);
      s.acceptor.start();
      return s;
    } catch (IOException | RuntimeException e) {
      server.close();
      Files.deleteIfExists(socket);
      throw e;
    }
  }

  /** The socket's path (for {@code SSH_AUTH_SOCK}). */
  public Path socket() {
    return socket;
  }

  /** Whether the server still accepts connections. */
  public boolean isOpen() {
    return open;
  }

  /** Blocks until {@link #close()}. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Blocks until {@link #close()} or the timeout; returns whether it was closed. */
  public boolean awaitClose(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops serving and removes the socket (and its directory if owned). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (!open) {
        return;
      }
      open = false;
    }
    try {
      server.close();
    } catch (IOException e) {
      // nothing more to do
    }
    connections.close();
    try {
      Files.deleteIfExists(socket);
      if (ownsDirectory && socket.getParent() != null) {
        Files.deleteIfExists(socket.getParent());
      }
    } catch (IOException e) {
      log.accept("could not remove " + socket + ": " + e.getMessage());
    }
    closed.countDown();
  }

  private void acceptLoop() {
    while (open) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (!open) {
          break;
        }
        log.accept("accept failed: " + e.getMessage());
        AgentConnections.pause(100); // e.g. out of file descriptors: do not spin
        continue;
      }
      if (!peerAllowed(c)) {
        closeQuietly(c);
        continue;
      }
      connections.submit(
          new AgentConnections.Connection() {
            @Override
            public InputStream in() {
              return Channels.newInputStream(c);
            }

            @Override
            public OutputStream out() {
              return Channels.newOutputStream(c);
            }

            @Override
            public void close() {
              closeQuietly(c);
            }
          });
    }
  }

  private boolean peerAllowed(SocketChannel c) {
    try {
      UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (owner.equals(peer.user())) {
        return true;
      }
      log.accept(
          "refused a connection from user "
              + peer.user().getName()
              + ": only "
              + owner.getName()
              + " may use this agent");
    } catch (IOException | UnsupportedOperationException e) {
      log.accept("refused a connection whose user cannot be checked: " + e.getMessage());
    }
    return false;
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // gone anyway
    }
  }
}
