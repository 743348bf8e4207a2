package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.agent.AgentServer;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.agent.ProcessDumping;
import io.github.jpki4j.agent.SeveralCardsBackend;
import io.github.jpki4j.cli.ExitCodes;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.ssh.agent.AgentBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code jpki agent -D}, the agent itself: the card, its worker thread, the backend and the socket,
 * wired together and taken down again on SIGTERM, SIGINT or SIGHUP.
 */
public record AgentForeground(
    CardConnector connector, boolean verbose, PrintStream err, AgentShell shell) {
  /**
   * Serves until the socket is closed.
   *
   * @param socket where to listen; null for a new socket in a new 0700 directory under {@code
   *     tmpDir}
   * @param ownsDir whether the agent removes the socket's directory when it stops
   */
  public int serve(PinSource pins, boolean allowSha1, Path socket, boolean ownsDir, Path tmpDir)
      throws Exception {
    Consumer<String> log = line -> err.println("jpki agent: " + line);
    Consumer<String> debug = verbose ? log : line -> {};
    log.accept(ProcessDumping.forbid(System.getProperty("os.name", "")));
    CardConnector.AgentCard card = null;
    CardWorker worker = null;
    SeveralCardsBackend every = null;
    AgentServer server = null;
    try {
      AgentBackend backend;
      if (connector.everyCard()) {
        every =
            new SeveralCardsBackend(
                connector.settings(), pins, allowSha1, CardConnector.AGENT_CARD_WAIT, log, debug);
        backend = every;
      } else {
        card = connector.agentCard();
        worker =
            new CardWorker(card.source(), connector.readMode(), debug, CardWorker.DEFAULT_TIMEOUT);
        backend = new JpkiAgentBackend(worker, pins, allowSha1, log, debug);
      }
      Path path = socket != null ? socket.toAbsolutePath() : AgentServer.newSocketPath(tmpDir);
      try {
        server =
            AgentServer.start(
                path, ownsDir, backend, log, verbose, AgentServer.DEFAULT_MAX_CONNECTIONS);
      } catch (IOException | RuntimeException e) {
        if (socket == null) {
          Files.deleteIfExists(path.getParent());
        }
        throw e;
      }
    } catch (Exception e) {
      if (every != null) {
        every.close();
      }
      if (worker != null) {
        worker.close();
      }
      if (card != null) {
        card.close();
      }
      throw e;
    }
    AgentServer s = server;
    CardWorker w = worker;
    CardConnector.AgentCard c = card;
    SeveralCardsBackend e = every;
    // SIGTERM, SIGINT, SIGHUP: remove the socket, reset the card, release the simulator.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  s.close();
                  if (e != null) {
                    e.close();
                  } else {
                    w.close();
                    c.close();
                  }
                },
                "jpki-agent-shutdown"));
    shell.started(s.socket(), ProcessHandle.current().pid());
    if (verbose) {
      log.accept(
          "listening on "
              + s.socket()
              + (connector.simulated()
                  ? " (simulated card in " + connector.simulatorDir() + ")"
                  : ""));
    }
    s.awaitClose();
    return ExitCodes.OK;
  }

  /**
   * Where the directory of a socket not given with {@code -a} goes: {@code $TMPDIR}, else Java's.
   */
  public static Path tmpDir(Map<String, String> env) {
    String tmp = env.get("TMPDIR");
    return Path.of(tmp != null && !tmp.isBlank() ? tmp : System.getProperty("java.io.tmpdir"));
  }
}
