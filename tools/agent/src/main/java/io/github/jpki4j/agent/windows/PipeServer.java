package io.github.jpki4j.agent.windows;

import io.github.jpki4j.agent.AgentConnections;
import io.github.jpki4j.agent.windows.Win32.PipeInstance;
import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The ssh-agent protocol on one named pipe, the Windows counterpart of the Unix agent's socket.
 * OpenSSH for Windows and PuTTY 0.75 and later speak to agents this way: the same framing as on
 * Unix ({@code uint32 length}, then the message), one request and one reply at a time.
 *
 * <ul>
 *   <li>The first instance of the pipe is created with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}: if
 *       another process already serves the name, {@link #start} fails with {@link
 *       PipeInUseException} instead of sharing it. Every instance carries {@link
 *       SidRules#pipeSddl}: owned by the user, readable and writable by the user alone, closed to
 *       network logons, and remote clients are rejected.
 *   <li>One thread waits for clients; as soon as one connects, a new instance is created for the
 *       next. Each client's process is checked to run as the agent's user ({@link
 *       SidRules#pipeClientAllowed}); others, and clients whose user cannot be found, are
 *       disconnected before anything is read.
 *   <li>Each connection is served by {@link AgentRequestHandler#serve} on a thread of a bounded
 *       pool, with {@link AgentCodec}'s 256 KiB cap: a malformed request gets {@code
 *       SSH_AGENT_FAILURE}; a broken frame (a hostile length, a cut stream) closes that connection
 *       only. Nothing a client sends ends the agent.
 * </ul>
 */
final class PipeServer implements AutoCloseable {
  private final Win32 win32;
  private final String pipe;
  private final String sddl;
  private final String userSid;
  private final Consumer<String> log;
  private final AgentConnections connections;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread acceptor;
  private volatile boolean open = true;
  private volatile PipeInstance waiting;

  private PipeServer(
      Win32 win32,
      String pipe,
      String userSid,
      PipeInstance first,
      AgentRequestHandler handler,
      Consumer<String> log,
      boolean verbose,
      int maxConnections,
      String threadName) {
    this.win32 = win32;
    this.pipe = pipe;
    this.sddl = SidRules.pipeSddl(userSid);
    this.userSid = userSid;
    this.log = log;
    this.waiting = first;
    this.connections =
        new AgentConnections(handler, log, verbose, maxConnections, threadName, " on " + pipe);
    this.acceptor = new Thread(this::acceptLoop, threadName + "-accept");
    acceptor.setDaemon(true);
  }

  /**
   * Creates the pipe and starts serving it.
   *
   * @param pipe the full pipe name
   * @param userSid the agent's user, the only one served
   * @param threadName names the server's threads, e.g. {@code jpki-openssh-pipe}
   * @throws PipeInUseException if another process serves the name already
   * @throws IOException if the pipe cannot be created
   */
  static PipeServer start(
      Win32 win32,
      String pipe,
      String userSid,
      AgentRequestHandler handler,
      Consumer<String> log,
      boolean verbose,
      int maxConnections,
      String threadName)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive");
    }
    PipeInstance first = win32.createPipe(pipe, SidRules.pipeSddl(userSid), true);
    PipeServer server =
        new PipeServer(
            win32, pipe, userSid, first, handler, log, verbose, maxConnections, threadName);
    server.acceptor.start();
    return server;
  }

  /** The pipe's full name. */
  String pipe() {
    return pipe;
  }

  /** Whether the server still accepts clients. */
  boolean isOpen() {
    return open;
  }

  /** Blocks until {@link #close()}. */
  void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops accepting and disconnects every client. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (!open) {
        return;
      }
      open = false;
    }
    PipeInstance w = waiting;
    if (w != null) {
      w.close();
    }
    connections.close();
    closed.countDown();
  }

  private void acceptLoop() {
    PipeInstance instance = waiting;
    while (open) {
      if (instance == null) {
        try {
          instance = win32.createPipe(pipe, sddl, false);
        } catch (IOException e) {
          if (!open) {
            break;
          }
          log.accept("could not create another instance of " + pipe + ": " + e.getMessage());
          AgentConnections.pause(200);
          continue;
        }
        waiting = instance;
      }
      if (!open) {
        instance.close();
        break;
      }
      try {
        instance.awaitClient();
      } catch (IOException e) {
        instance.close();
        instance = null;
        waiting = null;
        if (!open) {
          break;
        }
        log.accept("waiting for a client of " + pipe + " failed: " + e.getMessage());
        AgentConnections.pause(100);
        continue;
      }
      PipeInstance client = instance;
      instance = null;
      waiting = null;
      if (!open) {
        client.close();
        break;
      }
      if (!clientAllowed(client)) {
        client.close();
        continue;
      }
      connections.submit(
          new AgentConnections.Connection() {
            @Override
            public InputStream in() {
              return new PipeInput(client);
            }

            @Override
            public OutputStream out() {
              return new PipeOutput(client);
            }

            @Override
            public void close() {
              client.close();
            }
          });
    }
  }

  private boolean clientAllowed(PipeInstance client) {
    long pid = -1;
    try {
      pid = client.clientProcessId();
      String sid = win32.processUserSid(pid);
      if (SidRules.pipeClientAllowed(sid, userSid)) {
        return true;
      }
      log.accept(
          "refused a client of "
              + pipe
              + ": process "
              + pid
              + " runs as "
              + sid
              + ", and only "
              + userSid
              + " may use this agent");
    } catch (IOException | RuntimeException e) {
      log.accept(
          "refused a client of "
              + pipe
              + " whose user cannot be checked"
              + (pid >= 0 ? " (process " + pid + ")" : "")
              + ": "
              + e.getMessage());
    }
    return false;
  }

  // The client's bytes as a stream, for AgentCodec.
  private static final class PipeInput extends InputStream {
    private final PipeInstance pipe;

    PipeInput(PipeInstance pipe) {
      this.pipe = pipe;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int n;
      do {
        n = pipe.read(b, off, len);
      } while (n == 0);
      return n;
    }
  }

  private static final class PipeOutput extends OutputStream {
    private final PipeInstance pipe;

    PipeOutput(PipeInstance pipe) {
      this.pipe = pipe;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        pipe.write(b, off, len);
      }
    }
  }
}
