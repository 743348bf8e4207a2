package io.github.jpki4j.agent;

import io.github.jpki4j.ssh.agent.AgentCodec;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The accepted connections of an agent endpoint (the Unix socket, a Windows named pipe), each
 * served by {@link AgentRequestHandler#serve} with {@link AgentCodec}'s size cap on a thread of a
 * bounded pool of daemon threads: {@code maxConnections} at once, as many more waiting, beyond that
 * a connection is closed at once. A malformed request gets {@code SSH_AGENT_FAILURE} from the
 * handler; a broken frame closes that connection only. Nothing a client sends ends the agent.
 */
public final class AgentConnections {
  /** One accepted client: its two directions, and how to let it go (never throws). */
  public interface Connection {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;

    void close();
  }

  private final AgentRequestHandler handler;
  private final AgentCodec codec = new AgentCodec();
  private final Consumer<String> log;
  private final boolean verbose;
  private final String where;
  private final ThreadPoolExecutor pool;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  /**
   * @param log where failures go (every one with {@code verbose}; unexpected ones always)
   * @param threadName names the pool's threads ({@code threadName-N})
   * @param where the endpoint in log lines, e.g. {@code " on \\.\pipe\openssh-ssh-agent"}, or empty
   */
  public AgentConnections(
      AgentRequestHandler handler,
      Consumer<String> log,
      boolean verbose,
      int maxConnections,
      String threadName,
      String where) {
    this.handler = handler;
    this.log = log;
    this.verbose = verbose;
    this.where = where;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            maxConnections,
            maxConnections,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(maxConnections),
            r -> {
              Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Serves {@code c} on a pool thread, or closes it when the pool and its queue are full. */
  public void submit(Connection c) {
    try {
      pool.execute(() -> serve(c));
    } catch (RejectedExecutionException e) {
      if (open) {
        log.accept("too many connections" + where + "; closed one");
      }
      c.close();
    }
  }

  /** Closes every connection and stops the threads. */
  public void close() {
    open = false;
    for (Connection c : connections) {
      c.close();
    }
    pool.shutdownNow();
  }

  private void serve(Connection c) {
    connections.add(c);
    try {
      if (open) {
        handler.serve(c.in(), c.out(), codec);
      }
    } catch (AgentProtocolException e) {
      if (verbose) {
        log.accept("closed a connection" + where + ": " + e.getMessage());
      }
    } catch (IOException e) {
      if (verbose && open) {
        log.accept("connection" + where + " failed: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      log.accept("connection" + where + " failed: " + e);
    } finally {
      connections.remove(c);
      c.close();
    }
  }

  /** Waits before the next try after an accept failed (e.g. out of file descriptors). */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
