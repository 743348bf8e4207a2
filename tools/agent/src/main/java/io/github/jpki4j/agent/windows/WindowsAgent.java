package io.github.jpki4j.agent.windows;

import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentProtocolException;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The agent's Windows transports over one {@link AgentBackend} (the same backend, card thread and
 * PIN policy as the Unix socket's):
 *
 * <ul>
 *   <li>OpenSSH for Windows: the pipe {@code \\.\pipe\openssh-ssh-agent}, or the one {@code -a}
 *       names ({@link PipeServer});
 *   <li>Pageant, for PuTTY 0.75 and later: the pipe {@code \\.\pipe\pageant.USER.SUFFIX} ({@link
 *       PageantPipeName});
 *   <li>Pageant, for everything older or built on PuTTY's old client code: the hidden window {@code
 *       Pageant} answering {@code WM_COPYDATA} through the client's file mapping ({@link
 *       PageantCopyData}).
 * </ul>
 *
 * <p>All of them serve the agent's user only. If a name is taken (the Windows OpenSSH agent
 * service, Pageant, another agent), {@link #start} fails with one sentence saying what holds it and
 * what to do; nothing is shared and nothing is left running.
 *
 * <p>These transports have not been run on Windows by the project's own tests: everything above the
 * {@link Win32} layer is tested on Linux against a fake of it; {@link JnaWin32} is not.
 */
public final class WindowsAgent implements AutoCloseable {
  /**
   * The window class and title Pageant's clients look for ({@code FindWindow("Pageant",
   * "Pageant")}).
   */
  static final String PAGEANT_WINDOW = "Pageant";

  /**
   * How to serve.
   *
   * @param pipe the OpenSSH pipe's full name ({@link PipeNames#fromOption} makes one from {@code
   *     -a}); {@code null} for {@link PipeNames#OPENSSH_DEFAULT}
   * @param pageant whether to serve Pageant's pipe and window too
   * @param verbose log malformed requests and refused transports' details
   * @param maxConnections connections served at once on each pipe (as many more wait)
   */
  public record Options(String pipe, boolean pageant, boolean verbose, int maxConnections) {
    /** Connections served at once on each pipe by default, as on Unix. */
    public static final int DEFAULT_MAX_CONNECTIONS = 32;

    /** The default pipe, Pageant too, 32 connections per pipe. */
    public Options(String pipe, boolean pageant, boolean verbose) {
      this(pipe, pageant, verbose, DEFAULT_MAX_CONNECTIONS);
    }

    /** The OpenSSH pipe's full name. */
    public String openSshPipe() {
      return pipe == null ? PipeNames.OPENSSH_DEFAULT : pipe;
    }
  }

  private final List<AutoCloseable> parts;
  private final List<String> shellLines;
  private final String description;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean open = true;

  private WindowsAgent(List<AutoCloseable> parts, List<String> shellLines, String description) {
    this.parts = parts;
    this.shellLines = shellLines;
    this.description = description;
  }

  /** Whether the OS name ({@code os.name}) is a Windows one. */
  public static boolean isWindows(String osName) {
    return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows");
  }

  /**
   * Starts serving on Windows.
   *
   * @param backend answers the requests, e.g. a {@code JpkiAgentBackend}
   * @param options what to serve
   * @param log where the agent's lines go: refused clients always; more with {@code verbose}
   * @throws WindowsAgentException if a name is taken, with one sentence saying what to do
   * @throws IOException if a transport cannot be set up
   * @throws IllegalStateException if not on Windows
   */
  public static WindowsAgent start(AgentBackend backend, Options options, Consumer<String> log)
      throws IOException {
    if (!isWindows(System.getProperty("os.name"))) {
      throw new IllegalStateException("the Windows transports run on Windows only");
    }
    return start(new JnaWin32(), backend, options, log);
  }

  /**
   * Starts serving, prints the SSH_AUTH_SOCK lines (for a pipe other than the default) on {@code
   * out}, and blocks until the agent is closed: by a shutdown hook, which also closes {@code
   * alsoClose} in order (the card worker, the card), as the Unix agent does on SIGTERM.
   */
  public static void serve(
      AgentBackend backend,
      Options options,
      PrintStream out,
      Consumer<String> log,
      AutoCloseable... alsoClose)
      throws IOException, InterruptedException {
    WindowsAgent agent = start(backend, options, log);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  for (AutoCloseable c : alsoClose) {
                    try {
                      c.close();
                    } catch (Exception e) {
                      log.accept("could not close " + c + ": " + e.getMessage());
                    }
                  }
                },
                "jpki-agent-shutdown"));
    agent.shellLines().forEach(out::println);
    out.flush();
    log.accept(agent.description());
    agent.awaitClose();
  }

  /** {@link #start(AgentBackend, Options, Consumer)} over any Win32 layer (tests use a fake). */
  static WindowsAgent start(
      Win32 win32, AgentBackend backend, Options options, Consumer<String> log) throws IOException {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(log, "log");
    boolean verbose = options.verbose();
    AgentRequestHandler handler =
        new AgentRequestHandler(
            backend,
            (what, e) -> {
              if (verbose && e instanceof AgentProtocolException) {
                log.accept(what + ": malformed request: " + e.getMessage());
              }
            });
    String userSid = win32.userSid();
    List<AutoCloseable> parts = new ArrayList<>();
    List<String> served = new ArrayList<>();
    try {
      String openSsh = options.openSshPipe();
      try {
        parts.add(
            PipeServer.start(
                win32,
                openSsh,
                userSid,
                handler,
                log,
                verbose,
                options.maxConnections(),
                "jpki-openssh-pipe"));
      } catch (PipeInUseException e) {
        throw new WindowsAgentException(
            PipeConflict.openSsh(openSsh, win32.serviceRunning(PipeConflict.OPENSSH_SERVICE)), e);
      }
      served.add(openSsh + " (ssh.exe, ssh-add.exe)");
      if (options.pageant()) {
        if (win32.windowExists(PAGEANT_WINDOW, PAGEANT_WINDOW)) {
          throw new WindowsAgentException(PipeConflict.pageant("its window"));
        }
        String pageantPipe = PageantPipeName.derive(win32, log);
        try {
          parts.add(
              PipeServer.start(
                  win32,
                  pageantPipe,
                  userSid,
                  handler,
                  log,
                  verbose,
                  options.maxConnections(),
                  "jpki-pageant-pipe"));
        } catch (PipeInUseException e) {
          throw new WindowsAgentException(PipeConflict.pageant(pageantPipe), e);
        }
        PageantCopyData copyData =
            new PageantCopyData(win32, handler, userSid, win32.processOwnerSid(), log, verbose);
        parts.add(win32.createMessageWindow(PAGEANT_WINDOW, PAGEANT_WINDOW, copyData));
        served.add(pageantPipe + " and the Pageant window (PuTTY, WinSCP, Tera Term)");
      }
    } catch (IOException | RuntimeException e) {
      closeAll(parts);
      throw e;
    }
    return new WindowsAgent(
        parts,
        PipeNames.shellLines(options.openSshPipe()),
        "serving " + String.join("; ", served) + "; Ctrl-C stops the agent");
  }

  /**
   * The lines that set SSH_AUTH_SOCK for cmd and for PowerShell when the OpenSSH pipe is not the
   * default one; empty otherwise (ssh.exe finds the default pipe by itself).
   */
  public List<String> shellLines() {
    return shellLines;
  }

  /** One line saying what is served, for the log. */
  public String description() {
    return description;
  }

  /** Blocks until {@link #close()}. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops every transport. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (!open) {
        return;
      }
      open = false;
    }
    closeAll(parts);
    closed.countDown();
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // closing is best effort; each part's close never throws in practice
      }
    }
  }
}
