package io.github.jpki4j.agent.windows;

import io.github.jpki4j.agent.windows.AgentWire.CountingBackend;
import io.github.jpki4j.agent.windows.FakeWin32.FakeMapping;
import io.github.jpki4j.ssh.agent.AgentRequestHandler;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A public door for the fuzz target in {@code agent.windows.fuzz}: one {@code WM_COPYDATA} to
 * {@link PageantCopyData} on a {@link FakeWin32} desktop, and what the client can see afterwards.
 * Tests only.
 */
public final class PageantFuzzAccess {
  /** The agent's user. */
  public static final String USER = FakeWin32.ALICE;

  /** This process's default owner (BUILTIN\Administrators when elevated). */
  public static final String PROCESS_OWNER = FakeWin32.ADMINISTRATORS;

  /** Another user of the same machine. */
  public static final String OTHER_USER = FakeWin32.MALLORY;

  public static final long AGENT_COPYDATA_ID = PageantCopyData.AGENT_COPYDATA_ID;
  public static final int AGENT_MAX_MSGLEN = PageantCopyData.AGENT_MAX_MSGLEN;

  /** The name the mapping is created under, as PuTTY names it. */
  public static final String MAPPING = "PageantRequest00000001";

  private PageantFuzzAccess() {}

  /**
   * What one message did.
   *
   * @param result the window procedure's answer (1 answered, 0 not)
   * @param opened whether the mapping named {@link #MAPPING} was opened (a message may name
   *     another)
   * @param mapped whether the mapping's view was mapped
   * @param closed whether the mapping's handle was closed
   * @param backendCalls how many calls reached the agent's backend
   * @param memory the mapping's memory afterwards ({@code null} without a mapping)
   * @param log what the agent logged
   */
  public record Outcome(
      long result,
      boolean opened,
      boolean mapped,
      boolean closed,
      int backendCalls,
      byte[] memory,
      List<String> log) {}

  /**
   * Creates a mapping named {@link #MAPPING} of {@code size} bytes owned by {@code owner}, holding
   * {@code content} at 0 (cut to {@code size}), unless {@code owner} is {@code null}; then sends
   * the Pageant window {@code WM_COPYDATA(dwData, lpData)}.
   */
  public static Outcome copyData(
      long dwData, byte[] lpData, String owner, int size, byte[] content) {
    FakeWin32 win32 = new FakeWin32();
    CountingBackend backend = new CountingBackend();
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    win32.createMessageWindow(
        "Pageant",
        "Pageant",
        new PageantCopyData(
            win32, new AgentRequestHandler(backend), USER, PROCESS_OWNER, log::add, true));
    FakeMapping mapping = null;
    if (owner != null) {
      mapping = new FakeMapping(owner, size);
      mapping.put(0, java.util.Arrays.copyOf(content, Math.min(size, content.length)));
      win32.mappings.put(MAPPING, mapping);
    }
    long result = win32.sendCopyData(dwData, lpData);
    return new Outcome(
        result,
        win32.mappingOpens.contains(MAPPING),
        mapping != null && mapping.mapped.get(),
        mapping != null && mapping.closed.get(),
        backend.calls.get(),
        mapping == null ? null : mapping.memory,
        List.copyOf(log));
  }

  /** {@code name}'s ASCII bytes and a NUL, as PuTTY sends it. */
  public static byte[] nulTerminated(String name) {
    return FakeWin32.nulTerminated(name);
  }
}
