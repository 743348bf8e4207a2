package io.github.jpki4j.sim;

import io.github.jpki4j.applet.JpkiApplet;
import io.github.jpki4j.applet.JpkiConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import javacard.framework.AID;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A simulated My Number Card in a simulated reader: {@link JpkiApplet} running in jcardsim,
 * personalized with a {@link TestIdentity} and locked.
 *
 * <p>Host code talks to it the way it talks to a real card, through {@code javax.smartcardio}:
 * {@code terminal().connect("*").getBasicChannel().transmit(...)}. Short and extended APDUs both
 * work. {@link #transmit(byte[])} is the raw path (for a PC/SC bridge). The reader behaves like
 * PC/SC as the JDK presents it: one {@link Card} per connection, reused by {@code connect} while
 * valid; a removed card fails the next command with a {@link CardException} naming {@code
 * SCARD_W_REMOVED_CARD} (then {@link IllegalStateException}s, as the JDK does); a reset or power
 * cycle fails it with {@code SCARD_W_RESET_CARD}; {@code connect} without a card fails with {@code
 * SCARD_E_NO_SMARTCARD}. Like the JDK's basic channel, the channel bits of the CLA are cleared and
 * MANAGE CHANNEL is refused; unlike it, there is no automatic {@code 61xx}/{@code 6Cxx} handling
 * (the applet never answers those).
 *
 * <p>Power: {@link #powerOff()}, {@link #powerOn()}, {@link #reset()}, {@link #removeCard()}
 * all end the card session: verified PINs and the current EF are forgotten, as when the card is
 * pulled. The PIN counters are persistent card memory and survive.
 *
 * <p>{@link #open(Path)} gives the persistent card, whose directory holds (see {@link
 * TestIdentity} for the identity files):
 *
 * <pre>
 *   DIR/                    created 0700 where POSIX
 *     auth-cert.der auth-ca-cert.der sign-cert.der sign-ca-cert.der auth-key.pk8 sign-key.pk8
 *     state.properties      PIN values and tries left (format in the javadoc of CardStateFile:
 *                           format=1, auth.pin, auth.triesLeft, sign.pin, sign.triesLeft)
 *     .lock                 locked while a VirtualCard has the directory open
 * </pre>
 *
 * <p>The identity is generated from {@link TestIdentity#DEFAULT_SEED} on first use (the only time
 * BouncyCastle is needed) and loaded with the JDK afterwards. PIN counters persist like a real
 * card's: whenever the card answers a VERIFY with data for a PIN ({@code 9000}: full counter,
 * {@code 63Cx}: x, {@code 6984}: 0), the new counter is written to {@code state.properties}
 * (temporary file, fsync, atomic rename) before the response reaches the caller. The wrapper
 * finds out which PIN a VERIFY concerned by following the SELECT EF commands the card accepted;
 * the card itself has no command to read its counters other than the free empty VERIFY. A blocked
 * PIN stays blocked across runs.
 *
 * <p>Thread-safe (every operation is synchronized), but card tests should stay on one thread.
 */
public final class VirtualCard implements AutoCloseable {
  /** The 2024 My Number Card contact ATR (§1.3): T=1, declares extended Lc/Le. The default. */
  public static final String ATR_MY_NUMBER = "3BDA13FF8131FB468012392F31C173C601C03B";
  /** OpenSC's only built-in JPKI ATR (the 住基 card), matched by OpenSC without a SELECT. */
  public static final String ATR_JUKI = "3BE000FF8131FE4514";
  /** A My Number Card ATR that declares no extended length ("JPKI (03)"). */
  public static final String ATR_NO_EXTENDED = "3BC5FF8131FB458073C6010000";
  /** The name of the simulated reader. */
  public static final String READER_NAME = "jpki4j Virtual Card Reader 00 00";

  static final String LOCK_FILE = ".lock";
  private static final int NO_EF = 0;

  private final JpkiSimulator sim;
  private final TestIdentity identity;
  private final byte[] atr;
  private final Path dir;
  private final CardStateFile stateFile;
  private final FileChannel lockChannel;
  private final VirtualTerminal terminal;

  private PinState pins;
  private int currentEf = NO_EF;
  private boolean present = true;
  private boolean powered = true;
  private boolean closed;
  /** Bumped on each removal: a connection from an earlier insertion sees a removed card. */
  private long insertions;
  /** Bumped on each reset, power-off and removal: a connection from before sees a reset card. */
  private long sessions;
  /** Bumped on each insertion or removal, for {@link CardTerminals#waitForChange}. */
  private long presenceChanges;
  private VirtualCardHandle connection;

  private VirtualCard(TestIdentity identity, PinState pins, byte[] atr, Path dir,
      CardStateFile stateFile, FileChannel lockChannel) {
    if (atr.length < 2 || atr.length > 33) {
      throw new IllegalArgumentException("an ATR has 2 to 33 bytes");
    }
    this.identity = identity;
    this.pins = pins;
    this.atr = atr.clone();
    this.dir = dir;
    this.stateFile = stateFile;
    this.lockChannel = lockChannel;
    this.sim = new JpkiSimulator(atr);
    sim.changeProtocol("T=1");
    byte[] aid = JpkiConstants.aid();
    sim.installApplet(new AID(aid, (short) 0, (byte) aid.length), JpkiApplet.class);
    for (CommandAPDU command : Personalizer.commands(identity, pins)) {
      int sw = sw(sim.transmitCommand(command.getBytes()));
      if (sw != 0x9000) {
        throw new IllegalStateException(String.format(
            "personalization command %02X %02X failed with SW %04X", command.getCLA(),
            command.getINS(), sw));
      }
    }
    sim.reset(); // the card as it comes out of the reader's power-up
    this.terminal = new VirtualTerminal(this);
  }

  /** A fresh in-memory card: PINs "1234" (3 tries) and "ABC123" (5 tries), the default ATR. */
  public static VirtualCard create(TestIdentity identity) {
    return create(identity, PinState.defaults());
  }

  /** A fresh in-memory card with the given PINs and counters, and the default ATR. */
  public static VirtualCard create(TestIdentity identity, PinState pins) {
    return create(identity, pins, HexFormat.of().parseHex(ATR_MY_NUMBER));
  }

  /** A fresh in-memory card with the given PINs, counters and ATR. */
  public static VirtualCard create(TestIdentity identity, PinState pins, byte[] atr) {
    return new VirtualCard(identity, pins, atr, null, null, null);
  }

  /** The persistent card kept in {@code dir}, with the default ATR. See the class comment. */
  public static VirtualCard open(Path dir) throws IOException {
    return open(dir, HexFormat.of().parseHex(ATR_MY_NUMBER));
  }

  /**
   * The persistent card kept in {@code dir}: created there on first use, loaded afterwards.
   *
   * @throws IOException if the directory cannot be written or read, holds a damaged card, or is
   *     open in another {@code VirtualCard} (in this process or another)
   */
  public static VirtualCard open(Path dir, byte[] atr) throws IOException {
    if (!Files.isDirectory(dir)) {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("the virtual card in " + dir + " is already in use");
      }
      CardStateFile stateFile = new CardStateFile(dir);
      TestIdentity identity;
      PinState pins;
      if (stateFile.exists()) {
        pins = stateFile.read();
        identity = TestIdentity.load(dir);
      } else {
        // identity first, state last: a directory without state.properties is not a card yet
        identity = TestIdentity.generate(TestIdentity.DEFAULT_SEED);
        identity.save(dir);
        pins = PinState.defaults();
        stateFile.write(pins);
      }
      return new VirtualCard(identity, pins, atr, dir, stateFile, lockChannel);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** The simulated reader holding this card. */
  public CardTerminal terminal() {
    return terminal;
  }

  /** A {@link CardTerminals} listing just {@link #terminal()}. */
  public CardTerminals terminals() {
    return new VirtualTerminals(this, terminal);
  }

  /**
   * Sends one raw command APDU (short or extended) and returns the response with its status word.
   * Malformed commands are answered {@code 6700}, as a card would.
   *
   * @throws IllegalStateException if the card is closed, removed or not powered
   * @throws UncheckedIOException if a PIN counter could not be persisted (the response is then
   *     withheld, as if the card had been pulled)
   */
  public synchronized byte[] transmit(byte[] command) {
    requireOpen();
    if (!present) {
      throw new IllegalStateException("there is no card in the virtual reader");
    }
    if (!powered) {
      throw new IllegalStateException("the virtual card is not powered");
    }
    return exchange(command.clone());
  }

  /** {@link #transmit(byte[])} with javax.smartcardio types. */
  public ResponseAPDU transmit(CommandAPDU command) {
    return new ResponseAPDU(transmit(command.getBytes()));
  }

  /** The ATR the card presents. */
  public byte[] atr() {
    return atr.clone();
  }

  /** Cuts the power: the card session ends (verified PINs, current EF). */
  public synchronized void powerOff() {
    requireOpen();
    if (powered) {
      powered = false;
      endSession();
    }
  }

  /** Powers the card up (cold reset) if it is present and unpowered; otherwise does nothing. */
  public synchronized void powerOn() {
    requireOpen();
    if (!present) {
      throw new IllegalStateException("there is no card in the virtual reader");
    }
    if (!powered) {
      powered = true;
      endSession();
    }
  }

  /** A reset: the card session ends as with a power cycle; the card stays powered. */
  public synchronized void reset() {
    requireOpen();
    if (!present) {
      throw new IllegalStateException("there is no card in the virtual reader");
    }
    powered = true;
    endSession();
  }

  public synchronized boolean isPowered() {
    return !closed && present && powered;
  }

  /** Pulls the card out of the reader: connections fail as with a removed card. */
  public synchronized void removeCard() {
    requireOpen();
    if (present) {
      present = false;
      powered = false;
      insertions++;
      presenceChanges++;
      endSession();
      notifyAll();
    }
  }

  /** Puts the card back (powered up, a new card session). */
  public synchronized void insertCard() {
    requireOpen();
    if (!present) {
      present = true;
      powered = true;
      presenceChanges++;
      endSession();
      notifyAll();
    }
  }

  public synchronized boolean isCardPresent() {
    return !closed && present;
  }

  public TestIdentity identity() {
    return identity;
  }

  /** The PINs and the tries left as the card last reported them (persisted for {@link #open}). */
  public synchronized PinState pinState() {
    return pins;
  }

  /** The directory of a persistent card; empty for an in-memory one. */
  public Optional<Path> directory() {
    return Optional.ofNullable(dir);
  }

  /** Removes the card for good and releases the directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    present = false;
    powered = false;
    insertions++;
    presenceChanges++;
    endSession();
    notifyAll();
    if (lockChannel != null) {
      try {
        lockChannel.close(); // releases the lock
      } catch (IOException e) {
        // nothing left to do: the process ending releases it too
      }
    }
  }

  // ---- used by the javax.smartcardio classes -------------------------------------------------

  synchronized Card connect(String protocol) throws CardException {
    if (protocol == null) {
      throw new NullPointerException("protocol");
    }
    boolean any = protocol.equals("*");
    if (!any && !protocol.equalsIgnoreCase("T=0") && !protocol.equalsIgnoreCase("T=1")
        && !protocol.equalsIgnoreCase("T=CL") && !protocol.equalsIgnoreCase("direct")) {
      throw new IllegalArgumentException("Unsupported protocol " + protocol);
    }
    if (closed || !present) {
      throw VirtualCardHandle.pcscFailure("connect() failed", "SCARD_E_NO_SMARTCARD");
    }
    if (!any && !protocol.equalsIgnoreCase("T=1")) {
      throw VirtualCardHandle.pcscFailure("connect() failed", "SCARD_E_PROTO_MISMATCH");
    }
    if (connection != null && isCurrent(connection)) {
      return connection; // as the JDK does: one Card per terminal while it is valid
    }
    if (!powered) {
      powered = true; // PC/SC powers the card up on connect
      endSession();
    }
    connection = new VirtualCardHandle(this, insertions, sessions);
    return connection;
  }

  synchronized byte[] transmit(VirtualCardHandle handle, byte[] command) throws CardException {
    checkConnection(handle, "transmit() failed");
    try {
      return exchange(command);
    } catch (UncheckedIOException e) {
      throw new CardException("transmit() failed", e.getCause());
    }
  }

  /** Throws what PC/SC would for a connection that outlived its card session. */
  synchronized void checkConnection(VirtualCardHandle handle, String operation)
      throws CardException {
    if (closed || !present || handle.insertion != insertions) {
      handle.markRemoved();
      throw VirtualCardHandle.pcscFailure(operation, "SCARD_W_REMOVED_CARD");
    }
    if (handle.session != sessions) {
      throw VirtualCardHandle.pcscFailure(operation, "SCARD_W_RESET_CARD");
    }
  }

  synchronized void disconnect(VirtualCardHandle handle, boolean reset) {
    if (reset && isCurrent(handle)) {
      endSession();
    }
    if (connection == handle) {
      connection = null;
    }
  }

  private boolean isCurrent(VirtualCardHandle handle) {
    return !closed && present && handle.insertion == insertions && handle.session == sessions
        && handle.isOpen();
  }

  synchronized boolean awaitPresence(boolean wanted, long timeoutMillis) throws CardException {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (isCardPresent() != wanted) {
      long left = timeoutMillis == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
      if (timeoutMillis != 0 && left <= 0) {
        return false;
      }
      waitFor(timeoutMillis == 0 ? 0 : left);
    }
    return true;
  }

  /** Waits until the presence changes after {@code seen}; returns the new change count or -1. */
  synchronized long awaitPresenceChange(long seen, long timeoutMillis) throws CardException {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (presenceChanges == seen) {
      long left = timeoutMillis == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
      if (timeoutMillis != 0 && left <= 0) {
        return -1;
      }
      waitFor(timeoutMillis == 0 ? 0 : left);
    }
    return presenceChanges;
  }

  synchronized long presenceChanges() {
    return presenceChanges;
  }

  private void waitFor(long millis) throws CardException {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("interrupted while waiting for the card", e);
    }
  }

  // ---- the card and the persistence tap ------------------------------------------------------

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the virtual card is closed");
    }
  }

  /** The card session ends: jcardsim clears CLEAR_ON_RESET/DESELECT memory, nothing selected. */
  private void endSession() {
    sim.reset();
    sessions++;
    currentEf = NO_EF;
  }

  /**
   * One command through jcardsim, with the answers of a GlobalPlatform card where jcardsim has
   * none of its own. After a reset jcardsim has no applet selected (a real card has its ISD) and
   * answers 6999 to an unmatched SELECT by name and 6986 to everything else; here those get
   * {@code 6A82} (SELECT) and {@code 6D00} (anything else), as OpenSC's probes expect (§9.4).
   */
  private byte[] exchange(byte[] command) {
    byte[] response;
    if (command.length < 4) {
      response = new byte[] {0x67, 0x00};
    } else if (!sim.appletSelected() && !isAppletSelection(command)) {
      response = command[1] == JpkiConstants.INS_SELECT
          ? new byte[] {0x6A, (byte) 0x82} : new byte[] {0x6D, 0x00};
    } else {
      try {
        response = sim.transmitCommand(command);
      } catch (IllegalArgumentException e) {
        response = new byte[] {0x67, 0x00}; // jcardsim throws on a malformed APDU
      }
      if (sw(response) == 0x6999 && isAppletSelection(command)) {
        response = new byte[] {0x6A, (byte) 0x82}; // no applet matched the name
      }
    }
    observe(command, response);
    return response;
  }

  /** jcardsim's test for a SELECT that may select an applet (short APDUs only). */
  private static boolean isAppletSelection(byte[] command) {
    boolean extended = command.length > 5 && command[4] == 0;
    return (command[0] & 0xFC) == 0 && command[1] == JpkiConstants.INS_SELECT
        && command[2] == 0x04 && (command[3] & 0xE3) == 0 && !extended;
  }

  /**
   * Mirrors the card's current EF and records PIN counters from VERIFY answers. The mirror errs
   * only towards "no current EF" (e.g. after a refused re-SELECT of the AP), which can lose no
   * counter: the card then answers VERIFY with 6986.
   */
  private void observe(byte[] command, byte[] response) {
    if (command.length < 4 || command[0] != 0x00) {
      return;
    }
    int sw = sw(response);
    int p1 = command[2] & 0xFF;
    int p2 = command[3] & 0xFF;
    byte[] data;
    try {
      data = new CommandAPDU(command).getData();
    } catch (IllegalArgumentException e) {
      return;
    }
    switch (command[1]) {
      case JpkiConstants.INS_SELECT -> {
        if (p1 == 0x04) {
          if (sw != 0x6A82) {
            currentEf = NO_EF;
          }
        } else if ((p1 == 0x00 || p1 == 0x02) && sw == 0x9000 && data.length == 2
            && data[0] == 0) {
          currentEf = data[1] & 0xFF;
        }
      }
      case JpkiConstants.INS_READ_BINARY -> {
        if ((p1 & 0x80) != 0 && sw == 0x9000) {
          currentEf = p1 & 0x1F;
        }
      }
      case JpkiConstants.INS_VERIFY -> {
        if (data.length > 0) {
          int ref = p2 == 0x80 ? currentEf : (p2 & 0xE0) == 0x80 ? p2 & 0x1F : NO_EF;
          recordVerify(ref, sw);
        }
      }
      default -> {
        // nothing else moves the current EF or a counter
      }
    }
  }

  private void recordVerify(int ef, int sw) {
    boolean auth = ef == JpkiConstants.EF_AUTH_PIN;
    boolean sign = ef == JpkiConstants.EF_SIGN_PIN;
    if (!auth && !sign) {
      return;
    }
    int max = auth ? PinState.AUTH_MAX_TRIES : PinState.SIGN_MAX_TRIES;
    int left;
    if (sw == 0x9000) {
      left = max;
    } else if ((sw & 0xFFF0) == 0x63C0) {
      left = Math.min(sw & 0x0F, max);
    } else if (sw == 0x6984) {
      left = 0;
    } else {
      return;
    }
    pins = auth ? pins.withAuthTriesLeft(left) : pins.withSignTriesLeft(left);
    if (stateFile != null) {
      try {
        stateFile.write(pins);
      } catch (IOException e) {
        throw new UncheckedIOException("could not persist the PIN counter in " + dir, e);
      }
    }
  }

  private static int sw(byte[] response) {
    int n = response.length;
    return n < 2 ? 0 : ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
  }
}
