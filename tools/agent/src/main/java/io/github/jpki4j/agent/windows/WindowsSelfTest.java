package io.github.jpki4j.agent.windows;

import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import io.github.jpki4j.ssh.agent.Identity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Windows agent's tests prove against a simulated Windows, as one contract that runs
 * against any {@link Win32}: {@link JnaWin32} on the user's Windows ({@code jpki agent
 * --self-test}), the in-memory fake in the Linux test suite. Each {@link Check} sets up a transport
 * under a test name of its own (never the real pipe or window names, so it runs beside a running
 * agent or Pageant), plays the client, and takes everything down again.
 */
public final class WindowsSelfTest {
  /** The checks, in the order they run. */
  public enum Check {
    /** The OpenSSH pipe: created, connected to as ssh.exe does, an identities request answered. */
    OPENSSH_PIPE("OpenSSH pipe"),
    /** Pageant's pipe: its name derived as PuTTY does, then the same exchange. */
    PAGEANT_PIPE("Pageant pipe"),
    /** Pageant's window: a real WM_COPYDATA pointing to a real file mapping. */
    PAGEANT_WINDOW("Pageant window"),
    /** The pipes' security descriptor: owned by the user and granting only the user. */
    PIPE_SECURITY("Pipe security"),
    /** Closing a pipe instance ends a wait for a client (how the agent stops). */
    CANCEL_WAIT("Cancel a wait");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    /** What the check is called on its line. */
    public String label() {
      return label;
    }
  }

  /** One check's outcome. */
  public record Outcome(Check check, boolean passed, String detail) {
    /** {@code PASS Label: detail}. */
    public String line() {
      return String.format("%s %-15s %s", passed ? "PASS" : "FAIL", check.label() + ":", detail);
    }
  }

  private static final byte[] REQUEST_IDENTITIES = {0, 0, 0, 1, 11};
  private static final int IDENTITIES_ANSWER = 12;
  private static final long WAIT_SECONDS = 10;
  private static final Pattern ACE = Pattern.compile("\\(([^)]*)\\)");

  private final Win32 win32;
  private final AgentBackend backend;
  private final String tag;
  private final Consumer<String> log;

  /**
   * @param win32 the Windows layer under test
   * @param backend answers the requests (the agent's backend on a simulated card)
   * @param log where the transports' own lines go
   */
  public WindowsSelfTest(Win32 win32, AgentBackend backend, Consumer<String> log) {
    this.win32 = win32;
    this.backend = backend;
    this.log = log;
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    this.tag = HexFormat.of().formatHex(random);
  }

  /** The self-test on this Windows, through JNA. */
  public static WindowsSelfTest onThisWindows(AgentBackend backend, Consumer<String> log) {
    return new WindowsSelfTest(new JnaWin32(), backend, log);
  }

  /** Runs every check, in order; one failing does not stop the others. */
  public List<Outcome> run() {
    List<Outcome> out = new ArrayList<>();
    for (Check c : Check.values()) {
      out.add(run(c));
    }
    return out;
  }

  /** Runs one check; any failure is its outcome, never an exception. */
  public Outcome run(Check check) {
    try {
      return new Outcome(
          check,
          true,
          switch (check) {
            case OPENSSH_PIPE -> pipeExchange(testPipe("openssh"));
            case PAGEANT_PIPE -> pageantPipe();
            case PAGEANT_WINDOW -> pageantWindow();
            case PIPE_SECURITY -> pipeSecurity();
            case CANCEL_WAIT -> cancelWait();
          });
    } catch (CheckFailed e) {
      return new Outcome(check, false, e.getMessage());
    } catch (Exception | LinkageError e) { // LinkageError: a DLL or entry point JNA cannot bind
      String m = e.getMessage();
      return new Outcome(check, false, e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }
  }

  /** The lines to paste into a bug report: versions, then one line per check. */
  public static String summary(String jpkiVersion, List<Outcome> outcomes) {
    long passed = outcomes.stream().filter(Outcome::passed).count();
    StringBuilder s = new StringBuilder();
    s.append("jpki ").append(jpkiVersion).append(" agent self-test: ");
    s.append(passed).append(" of ").append(outcomes.size()).append(" passed\n");
    s.append("Java ")
        .append(System.getProperty("java.version"))
        .append(" (")
        .append(System.getProperty("java.vendor"))
        .append("), ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append('\n');
    for (Outcome o : outcomes) {
      s.append(o.line()).append('\n');
    }
    return s.toString();
  }

  private String testPipe(String what) {
    return "\\\\.\\pipe\\jpki-self-test-" + tag + "-" + what;
  }

  private AgentRequestHandler handler() {
    return new AgentRequestHandler(backend, (what, e) -> log.accept(what + ": " + e.getMessage()));
  }

  private PipeServer serve(String pipe) throws IOException {
    return PipeServer.start(
        win32, pipe, win32.userSid(), handler(), log, false, 1, "jpki-self-test-pipe");
  }

  /** Serves a test pipe, connects to it and checks the answer to an identities request. */
  private String pipeExchange(String pipe) throws Exception {
    try (PipeServer server = serve(pipe);
        Win32.PipeClient client = win32.connectPipe(pipe)) {
      client.write(REQUEST_IDENTITIES, 0, REQUEST_IDENTITIES.length);
      return pipe + " answered " + identities(readFrame(client));
    }
  }

  private String pageantPipe() throws Exception {
    String real = PageantPipeName.derive(win32, log);
    return "name " + real + "; test pipe " + pipeExchange(real + ".self-test-" + tag);
  }

  private String pageantWindow() throws Exception {
    String className = "jpki-self-test-" + tag;
    String mappingName = "PageantRequest" + tag;
    PageantCopyData copyData =
        new PageantCopyData(win32, handler(), win32.userSid(), win32.processOwnerSid(), log, false);
    try (Win32.MessageWindow window = win32.createMessageWindow(className, className, copyData);
        Win32.OwnMapping mapping =
            win32.createFileMapping(mappingName, PageantCopyData.AGENT_MAX_MSGLEN)) {
      mapping.view().write(0, REQUEST_IDENTITIES);
      byte[] name = mappingName.getBytes(StandardCharsets.US_ASCII);
      long result =
          win32.sendCopyData(
              className,
              className,
              PageantCopyData.AGENT_COPYDATA_ID,
              Arrays.copyOf(name, name.length + 1));
      if (result == 0) {
        throw new CheckFailed("the window answered 0 to WM_COPYDATA (request refused)");
      }
      int length = ByteBuffer.wrap(mapping.view().read(0, 4)).getInt();
      if (length <= 0 || length > PageantCopyData.AGENT_MAX_MSGLEN - 4) {
        throw new CheckFailed("the reply's length field is " + length);
      }
      return "WM_COPYDATA through the file mapping "
          + mappingName
          + " answered "
          + identities(mapping.view().read(4, length));
    }
  }

  private String pipeSecurity() throws Exception {
    String pipe = testPipe("security");
    String user = win32.userSid();
    try (PipeServer server = serve(pipe);
        Win32.PipeClient client = win32.connectPipe(pipe)) {
      String sddl = client.securityDescriptor();
      String problem = onlyUser(sddl, user);
      if (problem != null) {
        throw new CheckFailed(problem + ": " + sddl);
      }
      return "owner and only grantee " + user + " (" + sddl + ")";
    }
  }

  /**
   * What is wrong with a pipe's security descriptor, or {@code null}: the owner must be the user,
   * the DACL protected (nothing inherited), and every allow entry for the user.
   */
  static String onlyUser(String sddl, String userSid) {
    Matcher owner = Pattern.compile("O:([^:()]+?)(?=[GDS]:|$)").matcher(sddl);
    if (!owner.find() || !owner.group(1).equalsIgnoreCase(userSid)) {
      return "the pipe's owner is not " + userSid;
    }
    int dacl = sddl.indexOf("D:");
    if (dacl < 0) {
      return "the pipe has no DACL";
    }
    String aces = sddl.substring(dacl + 2);
    if (!aces.startsWith("P")) {
      return "the pipe's DACL is not protected";
    }
    Matcher m = ACE.matcher(aces);
    int allows = 0;
    while (m.find()) {
      String[] f = m.group(1).split(";", -1);
      if (f.length < 6) {
        return "unreadable entry (" + m.group(1) + ")";
      }
      if (f[0].startsWith("A")) {
        allows++;
        if (!f[5].equalsIgnoreCase(userSid)) {
          return "the pipe grants access to " + f[5];
        }
      }
    }
    return allows == 0 ? "the pipe grants access to no one" : null;
  }

  private String cancelWait() throws Exception {
    String pipe = testPipe("cancel");
    Win32.PipeInstance instance = win32.createPipe(pipe, SidRules.pipeSddl(win32.userSid()), true);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<String> ended = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              waiting.countDown();
              try {
                instance.awaitClient();
                ended.complete("connected");
              } catch (IOException e) {
                ended.complete("ended: " + e.getMessage());
              } catch (RuntimeException e) {
                ended.complete("ended: " + e);
              }
            },
            "jpki-self-test-wait");
    t.setDaemon(true);
    t.start();
    try {
      waiting.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      instance.close();
    }
    try {
      String how = ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (how.equals("connected")) {
        throw new CheckFailed("the wait ended with a client, not with the close");
      }
      return "closing the pipe ended the wait for a client (" + how + ")";
    } catch (TimeoutException e) {
      throw new CheckFailed("the wait for a client went on " + WAIT_SECONDS + " s after the close");
    } catch (ExecutionException e) {
      throw new CheckFailed(String.valueOf(e.getCause()));
    }
  }

  /** Reads one agent message, length field included. */
  private static byte[] readFrame(Win32.PipeClient client) throws IOException {
    byte[] head = readFully(client, 4);
    int length = ByteBuffer.wrap(head).getInt();
    if (length <= 0 || length > PageantCopyData.AGENT_MAX_MSGLEN) {
      throw new CheckFailed("the reply's length field is " + length);
    }
    return readFully(client, length);
  }

  private static byte[] readFully(Win32.PipeClient client, int n) throws IOException {
    byte[] b = new byte[n];
    int got = 0;
    while (got < n) {
      int r = client.read(b, got, n - got);
      if (r < 0) {
        throw new CheckFailed("the pipe closed after " + got + " of " + n + " bytes");
      }
      got += r;
    }
    return b;
  }

  /** Checks an identities answer (type byte first) against the backend's own identities. */
  private String identities(byte[] message) throws IOException {
    if (message.length < 5 || (message[0] & 0xFF) != IDENTITIES_ANSWER) {
      throw new CheckFailed(
          "not an identities answer (type "
              + (message.length == 0 ? "none" : message[0] & 0xFF)
              + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(message, 1, message.length - 1);
    int count = b.getInt();
    List<Identity> expected;
    try {
      expected = backend.identities();
    } catch (AgentRefusedException e) {
      throw new IOException("the backend refused: " + e.getMessage(), e);
    }
    if (count != expected.size()) {
      throw new CheckFailed(count + " identities, the card has " + expected.size());
    }
    for (Identity id : expected) {
      int n = b.getInt();
      byte[] blob = new byte[n];
      b.get(blob);
      if (!Arrays.equals(blob, id.keyBlob().toByteArray())) {
        throw new CheckFailed("a key that is not the card's");
      }
      b.position(b.position() + b.getInt()); // the comment
    }
    return count + (count == 1 ? " identity" : " identities") + ", the card's key";
  }

  /** A check's own finding (as opposed to a call that failed). */
  private static final class CheckFailed extends IOException {
    private static final long serialVersionUID = 1L;

    CheckFailed(String message) {
      super(message);
    }
  }
}
