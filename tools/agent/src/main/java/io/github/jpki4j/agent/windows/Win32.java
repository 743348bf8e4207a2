package io.github.jpki4j.agent.windows;

import java.io.IOException;

/**
 * The Win32 calls the Windows agent makes, and nothing else: the thin layer under the agent's
 * Windows transports. {@link JnaWin32} implements it with JNA on Windows; tests implement it in
 * memory. Every decision (which name, which client, which file mapping, what to answer) is made
 * above this interface, in plain Java.
 *
 * <p>Security identifiers travel as their string form ({@code S-1-5-21-…}, as {@code
 * ConvertSidToStringSid} writes them), so that the decisions above compare strings.
 *
 * <p>Failures are {@link IOException}s whose message names the call and Windows' error text.
 */
public interface Win32 {

  /** The SID of the user this process runs as (its token's {@code TokenUser}). */
  String userSid() throws IOException;

  /**
   * The owner SID of this process's own security descriptor: what Pageant before 0.61 put on its
   * file mappings, and what Pageant still accepts (see {@link SidRules#mappingOwnerAllowed}).
   */
  String processOwnerSid() throws IOException;

  /**
   * {@code GetUserNameEx(NameUserPrincipal)}, e.g. {@code alice@corp.example}; {@code null} when
   * the account has none (a local account) or the call fails.
   */
  String userPrincipalName();

  /** {@code GetUserName}: the logon name, e.g. {@code alice}. */
  String userName() throws IOException;

  /**
   * {@code CryptProtectMemory(data, CRYPTPROTECTMEMORY_CROSS_PROCESS)}: the bytes encrypted with
   * the key Windows keeps for this logon session and boot, the same in every process of the user.
   *
   * @param data a multiple of 16 bytes ({@code CRYPTPROTECTMEMORY_BLOCK_SIZE}); not changed
   * @return a new array of the same length
   * @throws IOException if the call failed
   */
  byte[] protectMemoryCrossProcess(byte[] data) throws IOException;

  /**
   * Creates one instance of a named pipe: duplex, byte mode, blocking, remote clients rejected
   * ({@code PIPE_REJECT_REMOTE_CLIENTS}), with the given security descriptor.
   *
   * @param name the full name, {@code \\.\pipe\…}
   * @param sddl the security descriptor, in SDDL
   * @param firstInstance with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}: fails if the pipe exists
   * @throws PipeInUseException if {@code firstInstance} and the name is already served (Windows
   *     answers {@code ERROR_ACCESS_DENIED} or {@code ERROR_PIPE_BUSY})
   * @throws IOException for any other failure
   */
  PipeInstance createPipe(String name, String sddl, boolean firstInstance) throws IOException;

  /**
   * The SID of the user a process runs as ({@code OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION)},
   * {@code OpenProcessToken}, {@code TokenUser}).
   */
  String processUserSid(long pid) throws IOException;

  /** Whether a Windows service of this name exists and is running or starting. */
  boolean serviceRunning(String serviceName);

  /** Whether a top-level window with this class and title exists ({@code FindWindow}). */
  boolean windowExists(String className, String title);

  /**
   * Registers a window class and creates a hidden top-level window of it (never shown), with a
   * thread of its own that runs its message loop and calls {@code handler} for each {@code
   * WM_COPYDATA}. Other messages get the default treatment.
   *
   * @throws IOException if the class or the window cannot be created
   */
  MessageWindow createMessageWindow(String className, String title, CopyDataHandler handler)
      throws IOException;

  /**
   * Opens a named file mapping made by another process ({@code
   * OpenFileMapping(FILE_MAP_ALL_ACCESS)}); nothing is mapped yet.
   *
   * @param name the mapping's name, as the client sent it
   * @throws IOException if there is no such mapping or it cannot be opened
   */
  FileMapping openFileMapping(String name) throws IOException;

  // --- The clients' side: what ssh.exe, PuTTY and Pageant's old clients do. Only the self-test
  // (WindowsSelfTest) calls these, to play a client of the agent's own transports.

  /**
   * Connects to a named pipe as a client ({@code CreateFile(GENERIC_READ | GENERIC_WRITE,
   * OPEN_EXISTING)}), as ssh.exe and PuTTY do.
   *
   * @throws IOException if no instance of the pipe is free or the pipe does not exist
   */
  PipeClient connectPipe(String name) throws IOException;

  /**
   * Creates a named file mapping of {@code size} bytes backed by the paging file, with the default
   * security (owned by this process's user), and maps all of it: what a Pageant client does before
   * its {@code WM_COPYDATA}.
   */
  OwnMapping createFileMapping(String name, int size) throws IOException;

  /**
   * Sends {@code WM_COPYDATA} to the top-level window of this class and title ({@code FindWindow},
   * {@code SendMessage}) and waits for its answer.
   *
   * @return the message's result ({@code LRESULT})
   * @throws IOException if there is no such window
   */
  long sendCopyData(String className, String title, long dwData, byte[] data) throws IOException;

  /** A client's end of a named pipe. */
  interface PipeClient extends AutoCloseable {
    /** Reads what the server sent; -1 when it closed its end. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all of it. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * The pipe's security descriptor, owner and DACL, in SDDL ({@code GetSecurityInfo}, {@code
     * ConvertSecurityDescriptorToStringSecurityDescriptor}).
     */
    String securityDescriptor() throws IOException;

    /** Closes the handle. Never throws. */
    @Override
    void close();
  }

  /** A file mapping this process made, and its view. */
  interface OwnMapping extends AutoCloseable {
    /** The view of the whole mapping. */
    MappedView view();

    /** Unmaps the view and closes the handle. Never throws. */
    @Override
    void close();
  }

  /**
   * One instance of a named pipe, served by one thread at a time, except for {@link #close()},
   * which any thread may call to end a blocked {@link #awaitClient()} or {@link #read}.
   */
  interface PipeInstance extends AutoCloseable {
    /** Blocks until a client connects ({@code ConnectNamedPipe}). */
    void awaitClient() throws IOException;

    /** The connected client's process id ({@code GetNamedPipeClientProcessId}). */
    long clientProcessId() throws IOException;

    /**
     * Reads what the client sent, blocking until at least one byte is there.
     *
     * @return the number of bytes read, or -1 when the client has closed its end
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all of it. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Cancels pending I/O, disconnects the client and closes the handle. Idempotent; never throws.
     */
    @Override
    void close();
  }

  /** Told about each {@code WM_COPYDATA} the window receives, on the window's thread. */
  @FunctionalInterface
  interface CopyDataHandler {
    /** The most bytes of {@code lpData} the Win32 layer copies for the handler. */
    int MAX_DATA = 1024;

    /**
     * Answers one {@code WM_COPYDATA}.
     *
     * @param dwData the message's {@code dwData}
     * @param cbData the message's {@code cbData}, the size of {@code lpData} in bytes
     * @param data the first {@code min(cbData, MAX_DATA)} bytes of {@code lpData}
     * @return the message's result ({@code LRESULT})
     */
    long onCopyData(long dwData, long cbData, byte[] data);
  }

  /** The hidden window; {@link #close()} destroys it and ends its thread. */
  interface MessageWindow extends AutoCloseable {
    @Override
    void close();
  }

  /** An open file mapping of another process. */
  interface FileMapping extends AutoCloseable {
    /** The SID of the mapping's owner ({@code GetSecurityInfo(OWNER_SECURITY_INFORMATION)}). */
    String ownerSid() throws IOException;

    /** Maps a view of the whole mapping, read and write ({@code MapViewOfFile(FILE_MAP_WRITE)}). */
    MappedView map() throws IOException;

    /** Unmaps the view, if any, and closes the handle. Never throws. */
    @Override
    void close();
  }

  /** A mapped view. Offsets and lengths are checked against {@link #size()} by the caller. */
  interface MappedView {
    /** The size of the view's memory region ({@code VirtualQuery}'s {@code RegionSize}). */
    long size();

    /** A copy of {@code length} bytes at {@code offset}. */
    byte[] read(long offset, int length) throws IOException;

    /** Writes {@code data} at {@code offset}. */
    void write(long offset, byte[] data) throws IOException;
  }
}
