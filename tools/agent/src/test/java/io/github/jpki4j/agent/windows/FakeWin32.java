package io.github.jpki4j.agent.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Windows as the agent sees it through {@link Win32}, in memory: pipes whose clients are other
 * "processes" (a pid and a SID), file mappings with an owner, the Pageant window, services. Tests
 * play the clients: {@link #connect} is {@code CreateFile} on a pipe, {@link #sendCopyData} is
 * another process's {@code SendMessage(WM_COPYDATA)}.
 */
class FakeWin32 implements Win32 {
  static final String ALICE = "S-1-5-21-1004336348-1177238915-682003330-1001";
  static final String MALLORY = "S-1-5-21-1004336348-1177238915-682003330-1002";
  static final String ADMINISTRATORS = "S-1-5-32-544";

  interface Protect {
    byte[] apply(byte[] data) throws IOException;
  }

  volatile String userSid = ALICE;
  volatile String processOwnerSid = ALICE;
  volatile String principalName = "alice@corp.example";
  volatile String logonName = "alice";
  volatile Protect protect =
      data -> {
        byte[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
          out[i] ^= (byte) (0xA5 + i);
        }
        return out;
      };

  /** pid → the user its process runs as; a pid missing here cannot be opened. */
  final Map<Long, String> processes = new ConcurrentHashMap<>();

  /** Pipe names another process serves already. */
  final Set<String> foreignPipes = ConcurrentHashMap.newKeySet();

  final Set<String> runningServices = ConcurrentHashMap.newKeySet();
  final Set<String> foreignWindows = ConcurrentHashMap.newKeySet();

  /** Every security descriptor a pipe was created with, and whether it was the first instance. */
  final List<String> pipeCreations = new CopyOnWriteArrayList<>();

  final Map<String, FakeMapping> mappings = new ConcurrentHashMap<>();
  final List<String> mappingOpens = new CopyOnWriteArrayList<>();
  final Map<String, BlockingQueue<FakePipe>> listening = new ConcurrentHashMap<>();
  volatile FakeWindow window;

  /** How long {@link #connect} waits for an instance of the pipe. */
  volatile long connectWaitMillis = 5000;

  /** The security descriptor each pipe was created with, as Windows would give it back. */
  final Map<String, String> pipeSddl = new ConcurrentHashMap<>();

  /** What a pipe's security descriptor reads as instead (a Windows that changed it), if set. */
  volatile String sddlOverride;

  /** Whether closing a pipe instance fails to end its pending wait (a broken CancelIoEx). */
  volatile boolean closeKeepsWaiting;

  FakeWin32() {
    processes.put(4242L, ALICE);
    processes.put(6666L, MALLORY);
  }

  @Override
  public String userSid() {
    return userSid;
  }

  @Override
  public String processOwnerSid() {
    return processOwnerSid;
  }

  @Override
  public String userPrincipalName() {
    return principalName;
  }

  @Override
  public String userName() {
    return logonName;
  }

  @Override
  public byte[] protectMemoryCrossProcess(byte[] data) throws IOException {
    if (data.length % 16 != 0) {
      throw new IOException("CryptProtectMemory: ERROR_INVALID_PARAMETER");
    }
    return protect.apply(data);
  }

  @Override
  public PipeInstance createPipe(String name, String sddl, boolean firstInstance)
      throws IOException {
    if (firstInstance && (foreignPipes.contains(name) || listening.containsKey(name))) {
      throw new PipeInUseException(name, "Access is denied");
    }
    pipeCreations.add((firstInstance ? "first " : "next ") + name + " " + sddl);
    pipeSddl.putIfAbsent(name, sddl);
    listening.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
    return new FakePipe(name);
  }

  @Override
  public String processUserSid(long pid) throws IOException {
    String sid = processes.get(pid);
    if (sid == null) {
      throw new IOException("OpenProcess(" + pid + ") failed: Access is denied (error 5)");
    }
    return sid;
  }

  @Override
  public boolean serviceRunning(String serviceName) {
    return runningServices.contains(serviceName);
  }

  @Override
  public boolean windowExists(String className, String title) {
    return foreignWindows.contains(className + "/" + title)
        || window != null
            && window.className.equals(className)
            && window.title.equals(title)
            && !window.closed;
  }

  @Override
  public MessageWindow createMessageWindow(
      String className, String title, CopyDataHandler handler) {
    FakeWindow w = new FakeWindow(className, title, handler);
    window = w;
    return w;
  }

  @Override
  public FileMapping openFileMapping(String name) throws IOException {
    mappingOpens.add(name);
    FakeMapping m = mappings.get(name);
    if (m == null) {
      throw new IOException(
          "OpenFileMapping("
              + name
              + ") failed: The system cannot find the"
              + " file specified. (error 2)");
    }
    return m.open();
  }

  // --- the clients' side, through Win32 (the self-test's client calls) ---

  @Override
  public PipeClient connectPipe(String name) throws IOException {
    long self = ProcessHandle.current().pid();
    processes.put(self, userSid);
    Client client;
    try {
      client = connect(name, self);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    String sddl = pipeSddl.get(name);
    return new PipeClient() {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return client.in.read(buffer, offset, length);
      }

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        client.out.write(buffer, offset, length);
        client.out.flush();
      }

      @Override
      public String securityDescriptor() {
        String override = sddlOverride;
        return override != null ? override : sddl;
      }

      @Override
      public void close() {
        try {
          client.close();
        } catch (IOException e) {
          // gone anyway
        }
      }
    };
  }

  @Override
  public OwnMapping createFileMapping(String name, int size) throws IOException {
    if (mappings.containsKey(name)) {
      throw new IOException("CreateFileMapping(" + name + "): ERROR_ALREADY_EXISTS");
    }
    FakeMapping mapping = new FakeMapping(userSid, size);
    mappings.put(name, mapping);
    MappedView view = mapping.open().map();
    return new OwnMapping() {
      @Override
      public MappedView view() {
        return view;
      }

      @Override
      public void close() {
        mappings.remove(name);
      }
    };
  }

  @Override
  public long sendCopyData(String className, String title, long dwData, byte[] data)
      throws IOException {
    FakeWindow w = window;
    if (w == null || w.closed || !w.className.equals(className) || !w.title.equals(title)) {
      throw new IOException("FindWindow(" + className + ") failed: no such window");
    }
    return sendCopyData(dwData, data);
  }

  // --- the clients' side ---

  /**
   * A client process connects to a pipe, as {@code CreateFile} does.
   *
   * @throws IOException if no instance of the pipe is waiting in time (a real client would get
   *     ERROR_FILE_NOT_FOUND or ERROR_PIPE_BUSY)
   */
  Client connect(String name, long pid) throws IOException, InterruptedException {
    BlockingQueue<FakePipe> queue = listening.get(name);
    if (queue == null) {
      throw new IOException("no pipe " + name);
    }
    FakePipe instance = queue.poll(connectWaitMillis, TimeUnit.MILLISECONDS);
    if (instance == null) {
      throw new IOException("no instance of " + name + " is waiting");
    }
    return instance.accept(pid);
  }

  /** Another process sends the Pageant window a WM_COPYDATA; returns the LRESULT. */
  long sendCopyData(long dwData, byte[] lpData) {
    FakeWindow w = window;
    if (w == null || w.closed) {
      throw new IllegalStateException("no Pageant window");
    }
    int copied = Math.min(lpData.length, CopyDataHandler.MAX_DATA);
    synchronized (w) { // one message at a time, as a window's thread handles them
      return w.handler.onCopyData(dwData, lpData.length, Arrays.copyOf(lpData, copied));
    }
  }

  /**
   * What PuTTY's {@code wm_copydata_agent_query} does: a mapping {@code PageantRequest%08x} of
   * AGENT_MAX_MSGLEN bytes owned by {@code owner}, the query written at its start, WM_COPYDATA, and
   * the reply accepted only if the result is non-zero and its length field is above 0 and at most
   * AGENT_MAX_MSGLEN - 4.
   *
   * @param frame the query, length field included
   * @return the reply, length field included, or {@code null} where PuTTY sees "no answer"
   */
  byte[] puttyQuery(byte[] frame, String owner) {
    String name = String.format("PageantRequest%08x", 0x1234);
    FakeMapping mapping = new FakeMapping(owner, PageantCopyData.AGENT_MAX_MSGLEN);
    mapping.put(0, frame);
    mappings.put(name, mapping);
    try {
      long id = sendCopyData(PageantCopyData.AGENT_COPYDATA_ID, nulTerminated(name));
      if (id <= 0) {
        return null;
      }
      long length = Integer.toUnsignedLong(ByteBuffer.wrap(mapping.memory, 0, 4).getInt());
      if (length == 0 || length > PageantCopyData.AGENT_MAX_MSGLEN - 4) {
        return null;
      }
      return Arrays.copyOf(mapping.memory, 4 + (int) length);
    } finally {
      mappings.remove(name);
    }
  }

  static byte[] nulTerminated(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(ascii, ascii.length + 1);
  }

  /** A client's end of a connected pipe. */
  static final class Client implements AutoCloseable {
    final InputStream in;
    final OutputStream out;
    private final Pipe toServer;
    private final Pipe toClient;

    Client(Pipe toServer, Pipe toClient) {
      this.toServer = toServer;
      this.toClient = toClient;
      this.in = Channels.newInputStream(toClient.source());
      this.out = Channels.newOutputStream(toServer.sink());
    }

    @Override
    public void close() throws IOException {
      toServer.sink().close();
      toClient.source().close();
    }
  }

  /** One pipe instance: waits in the pipe's queue until a client takes it. */
  final class FakePipe implements PipeInstance {
    final String name;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long pid = -1;
    private volatile Pipe toServer;
    private volatile Pipe toClient;

    FakePipe(String name) {
      this.name = name;
    }

    Client accept(long clientPid) throws IOException {
      Pipe in = Pipe.open();
      Pipe out = Pipe.open();
      toServer = in;
      toClient = out;
      pid = clientPid;
      connected.countDown();
      return new Client(in, out);
    }

    @Override
    public void awaitClient() throws IOException {
      if (closed.get()) {
        throw new IOException("ConnectNamedPipe failed: the handle is closed");
      }
      listening.get(name).add(this);
      try {
        connected.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      if (toServer == null) {
        throw new IOException(
            "ConnectNamedPipe failed: The I/O operation has been aborted" + " (error 995)");
      }
    }

    @Override
    public long clientProcessId() {
      return pid;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return toServer.source().read(ByteBuffer.wrap(buffer, offset, length));
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(buffer, offset, length);
      while (b.hasRemaining()) {
        toClient.sink().write(b);
      }
    }

    @Override
    public void close() {
      if (closeKeepsWaiting && toServer == null) {
        return; // the wait goes on, as if CancelIoEx did nothing
      }
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      BlockingQueue<FakePipe> queue = listening.get(name);
      if (queue != null) {
        queue.remove(this);
      }
      connected.countDown();
      try {
        if (toServer != null) {
          toServer.source().close();
        }
        if (toClient != null) {
          toClient.sink().close();
        }
      } catch (IOException e) {
        // gone anyway
      }
    }
  }

  /** A file mapping of a client process: its owner and its memory. */
  static final class FakeMapping {
    final String owner;
    final byte[] memory;
    final AtomicBoolean mapped = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    FakeMapping(String owner, int size) {
      this.owner = owner;
      this.memory = new byte[size];
    }

    void put(int offset, byte[] data) {
      System.arraycopy(data, 0, memory, offset, data.length);
    }

    FileMapping open() {
      return new FileMapping() {
        @Override
        public String ownerSid() {
          return owner;
        }

        @Override
        public MappedView map() {
          mapped.set(true);
          return new MappedView() {
            @Override
            public long size() {
              return memory.length;
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
              check(offset, length);
              return Arrays.copyOfRange(memory, (int) offset, (int) offset + length);
            }

            @Override
            public void write(long offset, byte[] data) throws IOException {
              check(offset, data.length);
              System.arraycopy(data, 0, memory, (int) offset, data.length);
            }
          };
        }

        @Override
        public void close() {
          closed.set(true);
        }
      };
    }

    private void check(long offset, int length) throws IOException {
      if (offset < 0 || length < 0 || offset + length > memory.length) {
        throw new IOException("access violation at " + offset + "+" + length);
      }
    }
  }

  /** The Pageant window: its handler, until closed. */
  static final class FakeWindow implements MessageWindow {
    final String className;
    final String title;
    final CopyDataHandler handler;
    volatile boolean closed;

    FakeWindow(String className, String title, CopyDataHandler handler) {
      this.className = className;
      this.title = title;
      this.handler = handler;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
