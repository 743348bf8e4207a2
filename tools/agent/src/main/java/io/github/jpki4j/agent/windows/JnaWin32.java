package io.github.jpki4j.agent.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.AccCtrl;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Secur32;
import com.sun.jna.platform.win32.Secur32Util;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Win32} through JNA ({@code jna-platform}): Kernel32's named pipes and file mappings,
 * Advapi32's tokens, security descriptors and services, Crypt32's {@code CryptProtectMemory},
 * User32's window and message loop. Each method is the call it names and the conversion of its
 * result; there is no decision here.
 *
 * <p>The class loads on every OS: the native libraries are bound only when a method runs, which
 * only happens on Windows. It has not been run on Windows by the project's tests.
 */
final class JnaWin32 implements Win32 {
  // Constants, as in the Windows SDK headers.
  private static final int PIPE_ACCESS_DUPLEX = 0x00000003;
  private static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
  private static final int PIPE_TYPE_BYTE_READMODE_BYTE_WAIT = 0x00000000;
  private static final int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;
  private static final int PIPE_UNLIMITED_INSTANCES = 255;
  private static final int PIPE_BUFFER = 4096;
  private static final int SDDL_REVISION_1 = 1;
  private static final int ERROR_ACCESS_DENIED = 5;
  private static final int ERROR_BROKEN_PIPE = 109;
  private static final int ERROR_PIPE_BUSY = 231;
  private static final int ERROR_NO_DATA = 232;
  private static final int ERROR_PIPE_NOT_CONNECTED = 233;
  private static final int ERROR_PIPE_CONNECTED = 535;
  private static final int CRYPTPROTECTMEMORY_CROSS_PROCESS = 0x01;
  private static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
  private static final int TOKEN_QUERY = 0x0008;
  private static final int FILE_MAP_WRITE = 0x0002;
  private static final int FILE_MAP_ALL_ACCESS = 0x000F001F;
  private static final int SC_MANAGER_CONNECT = 0x0001;
  private static final int SERVICE_QUERY_STATUS = 0x0004;
  private static final int SERVICE_START_PENDING = 0x00000002;
  private static final int SERVICE_RUNNING = 0x00000004;
  private static final int WS_OVERLAPPEDWINDOW = 0x00CF0000;
  private static final int CW_USEDEFAULT = 0x80000000;
  private static final int WM_DESTROY = 0x0002;
  private static final int WM_CLOSE = 0x0010;
  private static final int WM_COPYDATA = 0x004A;
  private static final int GENERIC_READ = 0x80000000;
  private static final int GENERIC_WRITE = 0x40000000;
  private static final int OPEN_EXISTING = 3;
  private static final int PAGE_READWRITE = 0x04;
  private static final int OWNER_SECURITY_INFORMATION = 0x00000001;
  private static final int DACL_SECURITY_INFORMATION = 0x00000004;

  // What jna-platform does not bind. Loaded when first used, which happens on Windows only.
  private interface Crypt32Extra extends StdCallLibrary {
    Crypt32Extra INSTANCE =
        Native.load("Crypt32", Crypt32Extra.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean CryptProtectMemory(Pointer data, int size, int flags);
  }

  private interface Advapi32Extra extends StdCallLibrary {
    Advapi32Extra INSTANCE =
        Native.load("Advapi32", Advapi32Extra.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ConvertStringSecurityDescriptorToSecurityDescriptor(
        String sddl, int revision, PointerByReference descriptor, IntByReference size);

    boolean ConvertSecurityDescriptorToStringSecurityDescriptor(
        Pointer descriptor,
        int revision,
        int information,
        PointerByReference sddl,
        IntByReference size);
  }

  private interface Kernel32Extra extends StdCallLibrary {
    Kernel32Extra INSTANCE =
        Native.load("Kernel32", Kernel32Extra.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean CancelIoEx(WinNT.HANDLE file, Pointer overlapped);
  }

  private static IOException failure(String call) {
    int error = Native.getLastError();
    return new IOException(call + " failed: " + message(error) + " (error " + error + ")");
  }

  private static String message(int error) {
    try {
      return Kernel32Util.formatMessageFromLastErrorCode(error).strip();
    } catch (RuntimeException e) {
      return "Windows error";
    }
  }

  @Override
  public String userSid() throws IOException {
    WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
    if (!Advapi32.INSTANCE.OpenProcessToken(
        Kernel32.INSTANCE.GetCurrentProcess(), TOKEN_QUERY, token)) {
      throw failure("OpenProcessToken");
    }
    try {
      return tokenUserSid(token.getValue());
    } finally {
      Kernel32.INSTANCE.CloseHandle(token.getValue());
    }
  }

  @Override
  public String processOwnerSid() throws IOException {
    return ownerSid(Kernel32.INSTANCE.GetCurrentProcess(), "GetSecurityInfo(this process)");
  }

  @Override
  public String userPrincipalName() {
    try {
      return Secur32Util.getUserNameEx(Secur32.EXTENDED_NAME_FORMAT.NameUserPrincipal);
    } catch (RuntimeException e) {
      return null; // a local account has none
    }
  }

  @Override
  public String userName() throws IOException {
    try {
      return Advapi32Util.getUserName();
    } catch (RuntimeException e) {
      throw new IOException("GetUserName failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] protectMemoryCrossProcess(byte[] data) throws IOException {
    Memory memory = new Memory(data.length);
    try {
      memory.write(0, data, 0, data.length);
      if (!Crypt32Extra.INSTANCE.CryptProtectMemory(
          memory, data.length, CRYPTPROTECTMEMORY_CROSS_PROCESS)) {
        throw failure("CryptProtectMemory");
      }
      return memory.getByteArray(0, data.length);
    } finally {
      memory.clear();
      memory.close();
    }
  }

  @Override
  public PipeInstance createPipe(String name, String sddl, boolean firstInstance)
      throws IOException {
    PointerByReference descriptor = new PointerByReference();
    if (!Advapi32Extra.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(
        sddl, SDDL_REVISION_1, descriptor, null)) {
      throw failure("ConvertStringSecurityDescriptorToSecurityDescriptor");
    }
    try {
      WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
      attributes.dwLength = new WinDef.DWORD(attributes.size());
      attributes.lpSecurityDescriptor = descriptor.getValue();
      attributes.bInheritHandle = false;
      WinNT.HANDLE handle =
          Kernel32.INSTANCE.CreateNamedPipe(
              name,
              PIPE_ACCESS_DUPLEX | (firstInstance ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
              PIPE_TYPE_BYTE_READMODE_BYTE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
              PIPE_UNLIMITED_INSTANCES,
              PIPE_BUFFER,
              PIPE_BUFFER,
              0,
              attributes);
      if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
        int error = Native.getLastError();
        if (firstInstance && (error == ERROR_ACCESS_DENIED || error == ERROR_PIPE_BUSY)) {
          throw new PipeInUseException(name, message(error));
        }
        throw new IOException(
            "CreateNamedPipe(" + name + ") failed: " + message(error) + " (error " + error + ")");
      }
      return new JnaPipe(handle);
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  @Override
  public String processUserSid(long pid) throws IOException {
    WinNT.HANDLE process =
        Kernel32.INSTANCE.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, (int) pid);
    if (process == null) {
      throw failure("OpenProcess(" + pid + ")");
    }
    try {
      WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
      if (!Advapi32.INSTANCE.OpenProcessToken(process, TOKEN_QUERY, token)) {
        throw failure("OpenProcessToken(" + pid + ")");
      }
      try {
        return tokenUserSid(token.getValue());
      } finally {
        Kernel32.INSTANCE.CloseHandle(token.getValue());
      }
    } finally {
      Kernel32.INSTANCE.CloseHandle(process);
    }
  }

  @Override
  public boolean serviceRunning(String serviceName) {
    try {
      Winsvc.SC_HANDLE manager = Advapi32.INSTANCE.OpenSCManager(null, null, SC_MANAGER_CONNECT);
      if (manager == null) {
        return false;
      }
      try {
        Winsvc.SC_HANDLE service =
            Advapi32.INSTANCE.OpenService(manager, serviceName, SERVICE_QUERY_STATUS);
        if (service == null) {
          return false;
        }
        try {
          Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
          return Advapi32.INSTANCE.QueryServiceStatus(service, status)
              && (status.dwCurrentState == SERVICE_RUNNING
                  || status.dwCurrentState == SERVICE_START_PENDING);
        } finally {
          Advapi32.INSTANCE.CloseServiceHandle(service);
        }
      } finally {
        Advapi32.INSTANCE.CloseServiceHandle(manager);
      }
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean windowExists(String className, String title) {
    return User32.INSTANCE.FindWindow(className, title) != null;
  }

  @Override
  public MessageWindow createMessageWindow(String className, String title, CopyDataHandler handler)
      throws IOException {
    JnaWindow window = new JnaWindow(className, title, handler);
    window.start();
    return window;
  }

  @Override
  public FileMapping openFileMapping(String name) throws IOException {
    WinNT.HANDLE handle = Kernel32.INSTANCE.OpenFileMapping(FILE_MAP_ALL_ACCESS, false, name);
    if (handle == null) {
      throw failure("OpenFileMapping(" + name + ")");
    }
    return new JnaMapping(handle);
  }

  @Override
  public PipeClient connectPipe(String name) throws IOException {
    WinNT.HANDLE handle =
        Kernel32.INSTANCE.CreateFile(
            name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
    if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
      throw failure("CreateFile(" + name + ")");
    }
    JnaPipe pipe = new JnaPipe(handle);
    return new PipeClient() {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return pipe.read(buffer, offset, length);
      }

      @Override
      public void write(byte[] buffer, int offset, int length) throws IOException {
        pipe.write(buffer, offset, length);
      }

      @Override
      public String securityDescriptor() throws IOException {
        return sddlOf(handle);
      }

      @Override
      public void close() {
        Kernel32.INSTANCE.CloseHandle(handle);
      }
    };
  }

  @Override
  public OwnMapping createFileMapping(String name, int size) throws IOException {
    WinNT.HANDLE handle =
        Kernel32.INSTANCE.CreateFileMapping(
            WinBase.INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, size, name);
    if (handle == null) {
      throw failure("CreateFileMapping(" + name + ")");
    }
    JnaMapping mapping = new JnaMapping(handle);
    MappedView view;
    try {
      view = mapping.map();
    } catch (IOException | RuntimeException e) {
      mapping.close();
      throw e;
    }
    return new OwnMapping() {
      @Override
      public MappedView view() {
        return view;
      }

      @Override
      public void close() {
        mapping.close();
      }
    };
  }

  @Override
  public long sendCopyData(String className, String title, long dwData, byte[] data)
      throws IOException {
    WinDef.HWND window = User32.INSTANCE.FindWindow(className, title);
    if (window == null) {
      throw failure("FindWindow(" + className + ")");
    }
    // COPYDATASTRUCT: ULONG_PTR dwData; DWORD cbData; PVOID lpData (at 2 pointer sizes).
    Memory payload = new Memory(Math.max(1, data.length));
    Memory cds = new Memory(3L * Native.POINTER_SIZE);
    try {
      payload.write(0, data, 0, data.length);
      cds.clear();
      if (Native.POINTER_SIZE == 8) {
        cds.setLong(0, dwData);
      } else {
        cds.setInt(0, (int) dwData);
      }
      cds.setInt(Native.POINTER_SIZE, data.length);
      cds.setPointer(2L * Native.POINTER_SIZE, payload);
      WinDef.LRESULT result =
          User32.INSTANCE.SendMessage(
              window,
              WM_COPYDATA,
              new WinDef.WPARAM(0),
              new WinDef.LPARAM(Pointer.nativeValue(cds)));
      return result == null ? 0 : result.longValue();
    } finally {
      payload.close();
      cds.close();
    }
  }

  /** Owner and DACL of a kernel object, in SDDL. */
  private static String sddlOf(WinNT.HANDLE object) throws IOException {
    int information = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    PointerByReference descriptor = new PointerByReference();
    int error =
        Advapi32.INSTANCE.GetSecurityInfo(
            object,
            AccCtrl.SE_OBJECT_TYPE.SE_KERNEL_OBJECT,
            information,
            new PointerByReference(),
            null,
            new PointerByReference(),
            null,
            descriptor);
    if (error != 0) {
      throw new IOException(
          "GetSecurityInfo(pipe) failed: " + message(error) + " (error " + error + ")");
    }
    try {
      PointerByReference sddl = new PointerByReference();
      if (!Advapi32Extra.INSTANCE.ConvertSecurityDescriptorToStringSecurityDescriptor(
          descriptor.getValue(), SDDL_REVISION_1, information, sddl, null)) {
        throw failure("ConvertSecurityDescriptorToStringSecurityDescriptor");
      }
      try {
        return sddl.getValue().getWideString(0);
      } finally {
        Kernel32.INSTANCE.LocalFree(sddl.getValue());
      }
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  private static String tokenUserSid(WinNT.HANDLE token) throws IOException {
    IntByReference needed = new IntByReference();
    Advapi32.INSTANCE.GetTokenInformation(
        token, WinNT.TOKEN_INFORMATION_CLASS.TokenUser, null, 0, needed);
    if (needed.getValue() <= 0) {
      throw failure("GetTokenInformation(TokenUser)");
    }
    WinNT.TOKEN_USER user = new WinNT.TOKEN_USER(needed.getValue());
    if (!Advapi32.INSTANCE.GetTokenInformation(
        token, WinNT.TOKEN_INFORMATION_CLASS.TokenUser, user, needed.getValue(), needed)) {
      throw failure("GetTokenInformation(TokenUser)");
    }
    return Advapi32Util.convertSidToStringSid(user.User.Sid);
  }

  private static String ownerSid(WinNT.HANDLE object, String call) throws IOException {
    PointerByReference owner = new PointerByReference();
    PointerByReference descriptor = new PointerByReference();
    int error =
        Advapi32.INSTANCE.GetSecurityInfo(
            object,
            AccCtrl.SE_OBJECT_TYPE.SE_KERNEL_OBJECT,
            WinNT.OWNER_SECURITY_INFORMATION,
            owner,
            null,
            null,
            null,
            descriptor);
    if (error != 0) {
      throw new IOException(call + " failed: " + message(error) + " (error " + error + ")");
    }
    try {
      return Advapi32Util.convertSidToStringSid(new WinNT.PSID(owner.getValue()));
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  /** One pipe instance, synchronous I/O; {@link #close()} cancels what another thread waits on. */
  private static final class JnaPipe implements PipeInstance {
    private final WinNT.HANDLE handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    JnaPipe(WinNT.HANDLE handle) {
      this.handle = handle;
    }

    @Override
    public void awaitClient() throws IOException {
      if (!Kernel32.INSTANCE.ConnectNamedPipe(handle, null)
          && Native.getLastError() != ERROR_PIPE_CONNECTED) {
        throw failure("ConnectNamedPipe");
      }
    }

    @Override
    public long clientProcessId() throws IOException {
      WinDef.ULONGByReference pid = new WinDef.ULONGByReference();
      if (!Kernel32.INSTANCE.GetNamedPipeClientProcessId(handle, pid)) {
        throw failure("GetNamedPipeClientProcessId");
      }
      return pid.getValue().longValue();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      byte[] chunk = offset == 0 ? buffer : new byte[length];
      IntByReference read = new IntByReference();
      if (!Kernel32.INSTANCE.ReadFile(handle, chunk, length, read, null)) {
        int error = Native.getLastError();
        if (error == ERROR_BROKEN_PIPE
            || error == ERROR_PIPE_NOT_CONNECTED
            || error == ERROR_NO_DATA) {
          return -1;
        }
        throw new IOException("ReadFile failed: " + message(error) + " (error " + error + ")");
      }
      if (chunk != buffer) {
        System.arraycopy(chunk, 0, buffer, offset, read.getValue());
      }
      return read.getValue();
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      byte[] rest =
          offset == 0 && length == buffer.length
              ? buffer
              : Arrays.copyOfRange(buffer, offset, offset + length);
      int done = 0;
      while (done < rest.length) {
        byte[] part = done == 0 ? rest : Arrays.copyOfRange(rest, done, rest.length);
        IntByReference written = new IntByReference();
        if (!Kernel32.INSTANCE.WriteFile(handle, part, part.length, written, null)) {
          throw failure("WriteFile");
        }
        done += written.getValue();
      }
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        Kernel32Extra.INSTANCE.CancelIoEx(handle, null);
        Kernel32.INSTANCE.DisconnectNamedPipe(handle);
        Kernel32.INSTANCE.CloseHandle(handle);
      }
    }
  }

  /** A file mapping of another process, and the view of it once mapped. */
  private static final class JnaMapping implements FileMapping {
    private final WinNT.HANDLE handle;
    private Pointer view;

    JnaMapping(WinNT.HANDLE handle) {
      this.handle = handle;
    }

    @Override
    public String ownerSid() throws IOException {
      return JnaWin32.ownerSid(handle, "GetSecurityInfo(file mapping)");
    }

    @Override
    public MappedView map() throws IOException {
      if (view == null) {
        view = Kernel32.INSTANCE.MapViewOfFile(handle, FILE_MAP_WRITE, 0, 0, 0);
        if (view == null) {
          throw failure("MapViewOfFile");
        }
      }
      WinNT.MEMORY_BASIC_INFORMATION info = new WinNT.MEMORY_BASIC_INFORMATION();
      BaseTSD.SIZE_T got =
          Kernel32.INSTANCE.VirtualQueryEx(
              Kernel32.INSTANCE.GetCurrentProcess(), view, info, new BaseTSD.SIZE_T(info.size()));
      if (got == null || got.longValue() == 0) {
        throw failure("VirtualQuery");
      }
      long size = info.regionSize.longValue();
      Pointer mapped = view;
      return new MappedView() {
        @Override
        public long size() {
          return size;
        }

        @Override
        public byte[] read(long offset, int length) throws IOException {
          check(offset, length, size);
          return mapped.getByteArray(offset, length);
        }

        @Override
        public void write(long offset, byte[] data) throws IOException {
          check(offset, data.length, size);
          mapped.write(offset, data, 0, data.length);
        }
      };
    }

    private static void check(long offset, int length, long size) throws IOException {
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new IOException("outside the mapped view: " + offset + "+" + length + " of " + size);
      }
    }

    @Override
    public void close() {
      if (view != null) {
        Kernel32.INSTANCE.UnmapViewOfFile(view);
        view = null;
      }
      Kernel32.INSTANCE.CloseHandle(handle);
    }
  }

  /** The hidden window and the thread running its message loop. */
  private static final class JnaWindow implements MessageWindow {
    private final String className;
    private final String title;
    private final CopyDataHandler handler;
    private final CompletableFuture<WinDef.HWND> created = new CompletableFuture<>();
    // Held here so that the callback is never collected while Windows may call it.
    private final WinUser.WindowProc procedure =
        new WinUser.WindowProc() {
          @Override
          public WinDef.LRESULT callback(
              WinDef.HWND window, int message, WinDef.WPARAM wParam, WinDef.LPARAM lParam) {
            return windowProcedure(window, message, wParam, lParam);
          }
        };
    private final Thread thread;
    private volatile WinDef.HWND hwnd;

    JnaWindow(String className, String title, CopyDataHandler handler) {
      this.className = className;
      this.title = title;
      this.handler = handler;
      this.thread = new Thread(this::run, "jpki-pageant-window");
      thread.setDaemon(true);
    }

    void start() throws IOException {
      thread.start();
      try {
        hwnd = created.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (TimeoutException e) {
        throw new IOException("the Pageant window was not created within 10 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while creating the Pageant window");
      }
    }

    private void run() {
      try {
        loop();
      } catch (Throwable t) {
        created.completeExceptionally(new IOException("the Pageant window failed: " + t, t));
      }
    }

    private void loop() {
      WinDef.HINSTANCE instance = Kernel32.INSTANCE.GetModuleHandle(null);
      WinUser.WNDCLASSEX windowClass = new WinUser.WNDCLASSEX();
      windowClass.hInstance = instance;
      windowClass.lpfnWndProc = procedure;
      windowClass.lpszClassName = className;
      if (User32.INSTANCE.RegisterClassEx(windowClass) == null) {
        created.completeExceptionally(failure("RegisterClassEx(" + className + ")"));
        return;
      }
      try {
        WinDef.HWND window =
            User32.INSTANCE.CreateWindowEx(
                0,
                className,
                title,
                WS_OVERLAPPEDWINDOW,
                CW_USEDEFAULT,
                CW_USEDEFAULT,
                100,
                100,
                null,
                null,
                instance,
                null);
        if (window == null) {
          created.completeExceptionally(failure("CreateWindowEx(" + className + ")"));
          return;
        }
        created.complete(window); // never shown: no WS_VISIBLE, no ShowWindow
        WinUser.MSG msg = new WinUser.MSG();
        while (User32.INSTANCE.GetMessage(msg, null, 0, 0) > 0) {
          User32.INSTANCE.TranslateMessage(msg);
          User32.INSTANCE.DispatchMessage(msg);
        }
      } finally {
        User32.INSTANCE.UnregisterClass(className, instance);
      }
    }

    private WinDef.LRESULT windowProcedure(
        WinDef.HWND window, int message, WinDef.WPARAM wParam, WinDef.LPARAM lParam) {
      try {
        switch (message) {
          case WM_COPYDATA:
            return new WinDef.LRESULT(copyData(lParam));
          case WM_CLOSE:
            User32.INSTANCE.DestroyWindow(window);
            return new WinDef.LRESULT(0);
          case WM_DESTROY:
            User32.INSTANCE.PostQuitMessage(0);
            return new WinDef.LRESULT(0);
          default:
            return User32.INSTANCE.DefWindowProc(window, message, wParam, lParam);
        }
      } catch (Throwable t) {
        return new WinDef.LRESULT(0); // never let an exception cross into Windows
      }
    }

    // COPYDATASTRUCT: ULONG_PTR dwData; DWORD cbData; PVOID lpData (at 2 pointer sizes).
    private long copyData(WinDef.LPARAM lParam) {
      if (lParam == null || lParam.longValue() == 0) {
        return 0;
      }
      Pointer cds = new Pointer(lParam.longValue());
      long dwData = Native.POINTER_SIZE == 8 ? cds.getLong(0) : cds.getInt(0) & 0xFFFFFFFFL;
      long cbData = cds.getInt(Native.POINTER_SIZE) & 0xFFFFFFFFL;
      Pointer lpData = cds.getPointer(2L * Native.POINTER_SIZE);
      int copied = (int) Math.min(cbData, CopyDataHandler.MAX_DATA);
      byte[] data = lpData == null || copied == 0 ? new byte[0] : lpData.getByteArray(0, copied);
      return handler.onCopyData(dwData, cbData, data);
    }

    @Override
    public void close() {
      WinDef.HWND window = hwnd;
      if (window != null) {
        User32.INSTANCE.PostMessage(window, WM_CLOSE, new WinDef.WPARAM(0), new WinDef.LPARAM(0));
        try {
          thread.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
