package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresToolsCondition;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PC/SC stack for one test class: {@code pcscd --foreground} (vsmartcard's vpcd driver
 * offers "Virtual PCD 00 00" on 127.0.0.1:35963) and {@code jpki sim serve} in a child JVM, serving
 * a fresh virtual card into that reader. Both are started before the class and stopped by their
 * PIDs after it, even on failure (and by a shutdown hook if the test JVM is stopped first).
 *
 * <p>The card has the stack's {@link CardProfile} (the default one unless the constructor names
 * another): it is created with {@code jpki sim init --profile SPEC} before it is served, so the
 * reader shows its ATR and, for {@code reader-short}, extended APDUs are kept from the card (the
 * bridge answers them itself: see {@code VpcdBridge}).
 *
 * <p>A missing tool fails loudly: CI installs pcscd, vsmartcard-vpcd, opensc and pcsc-tools, and a
 * skipped interop test proves nothing. Another pcscd already running also fails (it owns the socket
 * and vpcd's port); it is never killed.
 *
 * <p>A test class registers it as a static {@code @RegisterExtension} field; its methods (an
 * abstract base class's {@code @BeforeAll}, say) may take it as a parameter.
 *
 * <p>The test JVM itself never uses {@code javax.smartcardio}: the JDK keeps one PC/SC context per
 * JVM, which would not survive the next class's pcscd. Everything PC/SC runs in child processes.
 */
public final class PcscStack implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  /** The reader vpcd offers on port 35963. */
  public static final String READER = "Virtual PCD 00 00";

  /** The reader vpcd offers on port 35964, where a {@link #twoCards()} stack serves card 2. */
  public static final String READER_2 = "Virtual PCD 00 01";

  static final Path RUN_DIR = Path.of("/run/pcscd");
  private static final Pattern STATS =
      Pattern.compile(
          "stats: (\\d+) APDUs?, (\\d+) bytes to the card, (\\d+) bytes from the card.*");

  /** Counts from the bridge (see {@code VpcdBridge.Stats}). */
  public record Stats(long apdus, long bytesToCard, long bytesFromCard) {
    public long bytes() {
      return bytesToCard + bytesFromCard;
    }
  }

  private final CardProfile profile;
  private String authPin;
  private String signPin;
  private final boolean twoCards;
  private Path work;
  private Path card;
  private Path card2;
  private Process pcscd;
  private Process serve;
  private OutputStream serveIn;
  private final BlockingQueue<String> serveOut = new LinkedBlockingQueue<>();
  private Thread hook;

  /** A stack serving a card of the default profile. */
  public PcscStack() {
    this(CardProfile.DEFAULT);
  }

  /**
   * A stack serving a card of the given profile.
   *
   * @param profileSpec e.g. {@code contact-noext,reader-short} (see {@code jpki sim profiles})
   */
  public PcscStack(String profileSpec) {
    this(CardProfile.parse(profileSpec));
  }

  private PcscStack(CardProfile profile) {
    this(profile, false);
  }

  private PcscStack(CardProfile profile, boolean twoCards) {
    this.profile = profile;
    this.twoCards = twoCards;
  }

  /**
   * A stack serving two cards of the default profile and of two test persons ({@code jpki sim init
   * --person 1} for the second): card 1 in {@link #READER}, card 2 in {@link #READER_2} ({@code
   * jpki sim serve --second-card}).
   */
  public static PcscStack twoCards() {
    return new PcscStack(CardProfile.DEFAULT, true);
  }

  /**
   * Serves the card with this auth PIN instead of the simulator's default, written into the card's
   * state file before it is served (a test that looks for the PIN needs one that stands out).
   */
  public PcscStack withAuthPin(String pin) {
    this.authPin = pin;
    return this;
  }

  /** As {@link #withAuthPin} for the signature password (6–16 of A–Z and 0–9). */
  public PcscStack withSignPin(String pin) {
    this.signPin = pin;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String pcscdPath = Tools.sbin("pcscd", "pcscd (Debian/Ubuntu: apt-get install pcscd)");
    Tools.path("pcsc_scan", "pcsc-tools");
    Optional<String> other = runningPcscd();
    if (other.isPresent()) {
      RequiresToolsCondition.skipOrFail(
          "another pcscd is already running ("
              + other.get()
              + "): the PC/SC tests start their own with the vsmartcard vpcd reader; it was left"
              + " alone (stop it to run them)");
    }
    work = Files.createTempDirectory("jpki-pcsc");
    card = work.resolve("card");
    card2 = twoCards ? work.resolve("card2") : null;
    hook = new Thread(this::stopAll, "pcsc-stack-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      start(pcscdPath);
    } catch (Throwable e) {
      stopAll();
      throw e;
    }
  }

  private void start(String pcscdPath) throws Exception {
    try {
      Files.createDirectories(RUN_DIR);
    } catch (IOException e) {
      // pcscd may create it itself (or say why it cannot)
    }
    Path pcscdLog = work.resolve("pcscd.log");
    pcscd =
        new ProcessBuilder(pcscdPath, "--foreground")
            .redirectErrorStream(true)
            .redirectOutput(pcscdLog.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Path socket = RUN_DIR.resolve("pcscd.comm");
    waitFor(
        "pcscd's socket " + socket,
        10_000,
        () -> {
          if (!pcscd.isAlive()) {
            fail("pcscd exited with " + pcscd.exitValue() + ":\n" + Files.readString(pcscdLog));
          }
          return Files.exists(socket);
        });

    initCard(card);
    List<String> serveArgs =
        new ArrayList<>(List.of("--simulator=" + card, "sim", "serve", "--connect-timeout", "20"));
    if (twoCards) {
      initCard(card2, 1);
      serveArgs.addAll(List.of("--second-card", card2.toString()));
    }
    List<String> cmd = JpkiProcess.jpkiCommand(serveArgs.toArray(String[]::new));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(work.resolve("serve.log").toFile());
    pb.environment().remove("JPKI_SIMULATOR");
    pb.environment().remove("JPKI_READER");
    serve = pb.start();
    serveIn = serve.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  serveOut.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "serve-stdout");
    reader.setDaemon(true);
    reader.start();
    awaitCard(true, 60_000);
    if (twoCards) {
      awaitCard(2, true, 60_000);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && work != null) {
      System.err.println(
          "--- pcscd.log (tail)\n"
              + tail(work.resolve("pcscd.log"), 30)
              + "--- jpki sim serve (tail)\n"
              + tail(work.resolve("serve.log"), 40));
    }
    stopAll();
    try {
      if (hook != null) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    } catch (IllegalStateException e) {
      // shutting down
    }
    deleteTree(work);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PcscStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return this;
  }

  /** Stops serve, then pcscd, each by its PID: TERM, then KILL after 5 s. */
  private synchronized void stopAll() {
    stop(serve);
    serve = null;
    stop(pcscd);
    pcscd = null;
  }

  static void stop(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Creates a virtual card of this stack's profile in {@code dir} ({@code jpki sim init --profile
   * SPEC} in a child JVM), or gives an existing one this profile. The served card is made here, and
   * so can be a twin for in-process comparisons.
   */
  public void initCard(Path dir) throws Exception {
    initCard(dir, 0);
  }

  /** {@link #initCard(Path)} for the test person {@code person} ({@code sim init --person}). */
  public void initCard(Path dir, int person) throws Exception {
    TestProcess.Result r =
        TestProcess.of(
                JpkiProcess.jpkiCommand(
                    "--simulator=" + dir,
                    "sim",
                    "init",
                    "--profile",
                    profile.toString(),
                    "--person",
                    Integer.toString(person)))
            .dir(work)
            .run();
    assertEquals(0, r.exit(), () -> "jpki sim init --profile " + profile + ": " + r);
    assertTrue(r.out().contains("\n  profile:             " + profile + "\n"), r::toString);
    setPin(dir, "auth", authPin);
    setPin(dir, "sign", signPin);
  }

  // Writes the PIN into the card's state file before it is served.
  private static void setPin(Path dir, String which, String pin) throws IOException {
    if (pin == null) {
      return;
    }
    Path state = dir.resolve("state.properties");
    String text = Files.readString(state);
    String changed = text.replaceFirst("(?m)^" + which + "\\.pin=.*$", which + ".pin=" + pin);
    assertNotEquals(text, changed, "the card's state file names its " + which + " PIN");
    Files.writeString(state, changed);
  }

  /** The profile of the served card. */
  public CardProfile profile() {
    return profile;
  }

  /** The served card's ATR as jpki and pcsc_scan print it: upper-case hex bytes, spaced. */
  public String atrText() {
    return profile.card().atrHex().replaceAll("(..)(?!$)", "$1 ");
  }

  /** The directory of the served card (locked while serve runs). */
  public Path cardDir() {
    return card;
  }

  /** The directory of card 2 of a {@link #twoCards()} stack. */
  public Path card2Dir() {
    return card2;
  }

  /** A scratch directory of this class, deleted after it. */
  public Path work() {
    return work;
  }

  /** The PID of {@code jpki sim serve}. */
  public long servePid() {
    return serve.pid();
  }

  /**
   * Sends a control line to {@code jpki sim serve} and returns its one-line answer.
   *
   * @param command remove, insert, stats, reset-stats
   */
  public synchronized String control(String command) throws Exception {
    serveOut.clear();
    serveIn.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    serveIn.flush();
    String line = serveOut.poll(10, TimeUnit.SECONDS);
    assertNotNull(line, "jpki sim serve did not answer '" + command + "'");
    return line;
  }

  /** Zeroes the bridge's counters. */
  public void resetStats() throws Exception {
    assertTrue(control("reset-stats").startsWith("stats: "));
  }

  /** The bridge's counters since the last {@link #resetStats()}. */
  public Stats stats() throws Exception {
    String line = control("stats");
    Matcher m = STATS.matcher(line);
    assertTrue(m.matches(), line);
    return new Stats(
        Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
  }

  /** Pulls the card out of the reader and waits until pcscd sees it gone. */
  public void removeCard() throws Exception {
    assertEquals("removed", control("remove"));
    awaitCard(false, 10_000);
  }

  /** Puts the card back and waits until pcscd sees it. */
  public void insertCard() throws Exception {
    assertEquals("inserted", control("insert"));
    awaitCard(true, 10_000);
  }

  /** Pulls card {@code n} (1 or 2) out of its reader and waits until pcscd sees it gone. */
  public void removeCard(int n) throws Exception {
    assertEquals("removed", control("remove " + n));
    awaitCard(n, false, 10_000);
  }

  /** Puts card {@code n} (1 or 2) back and waits until pcscd sees it. */
  public void insertCard(int n) throws Exception {
    assertEquals("inserted", control("insert " + n));
    awaitCard(n, true, 10_000);
  }

  /** Waits (bounded) until {@code pcsc_scan -n -c} shows the card in or out of {@link #READER}. */
  public void awaitCard(boolean present, long millis) throws Exception {
    awaitCard(1, present, millis);
  }

  /** As {@link #awaitCard(boolean, long)} for the reader of card {@code n} (1 or 2). */
  public void awaitCard(int n, boolean present, long millis) throws Exception {
    String name = n == 1 ? READER : READER_2;
    String[] last = {""};
    waitFor(
        name + (present ? " with a card" : " without a card"),
        millis,
        () -> {
          if (serve != null && !serve.isAlive()) {
            fail(
                "jpki sim serve exited with "
                    + serve.exitValue()
                    + ":\n"
                    + tail(work.resolve("serve.log"), 40));
          }
          TestProcess.Result r = Tools.run(work, null, Map.of(), 10, "pcsc_scan", "-n", "-c");
          last[0] = r.out();
          return cardInReader(r.out(), n - 1, name) == present;
        });
  }

  /** Whether pcsc_scan's card listing shows a card in {@link #READER}. */
  static boolean cardInReader(String pcscScan) {
    return cardInReader(pcscScan, 0, READER);
  }

  /** Whether pcsc_scan's card listing shows a card in reader {@code index}, named {@code name}. */
  static boolean cardInReader(String pcscScan, int index, String name) {
    int at = pcscScan.indexOf("Reader " + index + ": " + name);
    if (at < 0) {
      return false;
    }
    int next = pcscScan.indexOf(" Reader ", at + 10);
    String block = pcscScan.substring(at, next < 0 ? pcscScan.length() : next);
    return block.contains("Card inserted");
  }

  /** A running pcscd other than a zombie, as "pid N: command". */
  static Optional<String> runningPcscd() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          int close = stat.lastIndexOf(')');
          String comm = stat.substring(stat.indexOf('(') + 1, close);
          char state = stat.charAt(close + 2);
          if (comm.equals("pcscd") && state != 'Z' && state != 'X') {
            return Optional.of("pid " + p.getFileName());
          }
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      // no /proc: fall back to the JDK
    }
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().command().map(c -> c.endsWith("/pcscd")).orElse(false))
        .map(h -> "pid " + h.pid())
        .findFirst();
  }

  /**
   * Starts {@code jpki --reader 0 agent -D} on {@code socket} in a child JVM (with {@code
   * jvmOptions}), its log in {@code agentLog}, asking for PINs through {@code pinentry} only;
   * returns once the socket accepts connections. If it never does, the agent is stopped and the
   * test fails.
   */
  static Process startAgent(
      List<String> jvmOptions, Path socket, Path agentLog, FakePinentry pinentry) throws Exception {
    return startAgent(jvmOptions, List.of("--reader", "0"), socket, agentLog, pinentry);
  }

  /** As above, with {@code jpkiOptions} (which card) instead of {@code --reader 0}. */
  static Process startAgent(
      List<String> jvmOptions,
      List<String> jpkiOptions,
      Path socket,
      Path agentLog,
      FakePinentry pinentry)
      throws Exception {
    List<String> args = new ArrayList<>(jpkiOptions);
    args.addAll(
        List.of(
            "agent", "-D", "-a", socket.toString(), "--pinentry", pinentry.program().toString()));
    ProcessBuilder pb =
        new ProcessBuilder(
                JpkiProcess.jpkiCommandWithJvmOptions(jvmOptions, args.toArray(String[]::new)))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(agentLog.toFile());
    pb.environment().remove("JPKI_PINENTRY");
    pb.environment().remove("SSH_ASKPASS");
    Process agent = pb.start();
    try {
      waitFor(
          "the agent's socket",
          30_000,
          () -> {
            assertTrue(agent.isAlive(), () -> "the agent exited: " + tail(agentLog, 30));
            if (!Files.exists(socket)) {
              return false;
            }
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
              return c.isConnected();
            } catch (IOException e) {
              return false;
            }
          });
    } catch (Throwable e) {
      stop(agent);
      throw e;
    }
    return agent;
  }

  /** Checks {@code check} every 100 ms (it may run a program) for at most {@code millis}. */
  static void waitFor(String what, long millis, Await.Condition check) throws Exception {
    Await.until(what, Duration.ofMillis(millis), Duration.ofMillis(100), check);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException | RuntimeException e) {
      return "(" + file + " unreadable: " + e + ")\n";
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // leave it to the OS's temp cleaning
    }
  }
}
