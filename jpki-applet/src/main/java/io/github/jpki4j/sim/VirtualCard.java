package io.github.jpki4j.sim;

import io.github.jpki4j.applet.JpkiConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A simulated My Number Card in a simulated reader: the reader's slot and its PC/SC behaviour,
 * around a {@link SimulatedChip} (the card) and, for a persistent card, a {@link CardDirectory}.
 * What card and reader it is comes from its {@link CardProfile}.
 *
 * <p>Host code talks to it the way it talks to a real card, through {@code javax.smartcardio}:
 * {@code terminal().connect("*").getBasicChannel().transmit(...)}. The reader behaves like PC/SC as
 * the JDK presents it: one {@link Card} per connection, reused by {@code connect} while valid; a
 * removed card fails the next command with a {@link CardException} naming {@code
 * SCARD_W_REMOVED_CARD} (then {@link IllegalStateException}s, as the JDK does); a reset or power
 * cycle fails it with {@code SCARD_W_RESET_CARD}; {@code connect} without a card fails with {@code
 * SCARD_E_NO_SMARTCARD}; a command the reader cannot carry ({@link ReaderKind#SHORT_ONLY} and an
 * extended APDU) fails with {@code SCARD_E_NOT_TRANSACTED} and never reaches the card. Like the
 * JDK's basic channel, the channel bits of the CLA are cleared and MANAGE CHANNEL is refused;
 * unlike it, there is no automatic {@code 61xx}/{@code 6Cxx} handling (the applet never answers
 * those). {@link #transmit(byte[])} is the raw path to the card's contacts (for a PC/SC bridge,
 * which applies the reader's limits itself).
 *
 * <p>Power: {@link #powerOff()}/{@link #powerOn()} and {@link #removeCard()}/{@link #insertCard()}
 * are cold: verified PINs and the current EF are gone. {@link #reset()} is a warm reset: the
 * session ends, but a card with {@link Quirk#RESET_KEEPS_PIN} keeps its verified PINs. The PIN
 * counters are persistent card memory and survive all of these.
 *
 * <p>{@link #open(Path)} gives the persistent card kept in a directory ({@link CardDirectory}). PIN
 * counters persist like a real card's: after every command the counters are read from the card
 * itself, and a change is written to {@code state.properties} (temporary file, fsync, atomic
 * rename) before the response reaches the caller. A blocked PIN stays blocked across runs.
 *
 * <p>Thread-safe: the card, the slot and the persistence are guarded by this object's lock.
 */
public final class VirtualCard implements AutoCloseable {
  /** The name of the simulated reader. */
  public static final String READER_NAME = "jpki4j Virtual Card Reader 00 00";

  private final SimulatedChip chip;
  private final TestIdentity identity;
  private final CardDirectory directory;
  private final VirtualTerminal terminal;

  private PinState pins;
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

  /** Whether the card has a signature PIN whose counter is worth persisting. */
  private final boolean signPin;

  private VirtualCard(
      TestIdentity identity, PinState pins, CardProfile profile, CardDirectory directory) {
    this.identity = identity;
    this.pins = pins;
    this.directory = directory;
    this.chip = new SimulatedChip(identity, pins, profile);
    this.signPin = profile.personalizesSignPin();
    this.terminal = new VirtualTerminal(this);
  }

  /** A fresh in-memory card: PINs "1234" (3 tries) and "ABC123" (5 tries), the default profile. */
  public static VirtualCard create(TestIdentity identity) {
    return create(identity, PinState.defaults());
  }

  /** A fresh in-memory card with the given PINs and counters, and the default profile. */
  public static VirtualCard create(TestIdentity identity, PinState pins) {
    return create(identity, pins, CardProfile.DEFAULT);
  }

  /** A fresh in-memory card with the given PINs, counters and profile. */
  public static VirtualCard create(TestIdentity identity, PinState pins, CardProfile profile) {
    return new VirtualCard(identity, pins, profile, null);
  }

  /**
   * The persistent card kept in {@code dir}: created there on first use (default profile), loaded
   * with its own profile afterwards. See {@link CardDirectory} for the files.
   *
   * @throws IOException if the directory cannot be written or read, holds a damaged card, or is
   *     open in another {@code VirtualCard} (in this process or another)
   */
  public static VirtualCard open(Path dir) throws IOException {
    return open(dir, null);
  }

  /**
   * The persistent card kept in {@code dir}, whose profile becomes {@code profile} (kept in the
   * directory for every later use); {@code null} keeps the card's own profile.
   */
  public static VirtualCard open(Path dir, CardProfile profile) throws IOException {
    return open(dir, profile, TestIdentity.DEFAULT_SEED);
  }

  /**
   * As {@link #open(Path, CardProfile)}, a new card getting the test identity of {@code seed}
   * (another seed, another person: another key pair); an existing card keeps its own.
   */
  public static VirtualCard open(Path dir, CardProfile profile, long seed) throws IOException {
    CardDirectory d = CardDirectory.open(dir, profile, seed);
    try {
      return new VirtualCard(d.identity(), d.pins(), d.profile(), d);
    } catch (RuntimeException | Error e) { // Error: jcardsim missing from the class path
      d.close();
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

  /** The card and reader this is. */
  public CardProfile profile() {
    return chip.profile();
  }

  /** {@link #transmit(byte[])} with javax.smartcardio types. */
  public ResponseAPDU transmit(CommandAPDU command) {
    return new ResponseAPDU(transmit(command.getBytes()));
  }

  /** The ATR the card presents. */
  public byte[] atr() {
    return chip.profile().atr();
  }

  /** Cuts the power: the card session ends (verified PINs, current EF). */
  public synchronized void powerOff() {
    requireOpen();
    if (powered) {
      powered = false;
      coldSession();
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
      coldSession();
    }
  }

  /**
   * A warm reset (PC/SC's {@code SCARD_RESET_CARD}): the card session ends and the card stays
   * powered; a card with {@link Quirk#RESET_KEEPS_PIN} keeps its verified PINs. An unpowered card
   * is powered up instead.
   */
  public synchronized void reset() {
    requireOpen();
    if (!present) {
      throw new IllegalStateException("there is no card in the virtual reader");
    }
    if (powered) {
      warmSession();
    } else {
      powered = true;
      coldSession();
    }
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
      coldSession();
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
      coldSession();
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
    return directory == null ? Optional.empty() : Optional.of(directory.path());
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
    coldSession();
    notifyAll();
    if (directory != null) {
      directory.close();
    }
  }

  // ---- used by the javax.smartcardio classes -------------------------------------------------

  synchronized Card connect(String protocol) throws CardException {
    if (protocol == null) {
      throw new NullPointerException("protocol");
    }
    boolean any = protocol.equals("*");
    if (!any
        && !protocol.equalsIgnoreCase("T=0")
        && !protocol.equalsIgnoreCase("T=1")
        && !protocol.equalsIgnoreCase("T=CL")
        && !protocol.equalsIgnoreCase("direct")) {
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
      coldSession();
    }
    connection = new VirtualCardHandle(this, insertions, sessions);
    return connection;
  }

  synchronized byte[] transmit(VirtualCardHandle handle, byte[] command) throws CardException {
    checkConnection(handle, "transmit() failed");
    if (!chip.profile().reader().carries(command)) {
      throw VirtualCardHandle.pcscFailure("transmit() failed", "SCARD_E_NOT_TRANSACTED");
    }
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
      warmSession();
    }
    if (connection == handle) {
      connection = null;
    }
  }

  private boolean isCurrent(VirtualCardHandle handle) {
    return !closed
        && present
        && handle.insertion == insertions
        && handle.session == sessions
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

  // WaitNotInLoop: both callers call this in a loop on their condition and deadline
  @SuppressWarnings("WaitNotInLoop")
  private void waitFor(long millis) throws CardException {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CardException("interrupted while waiting for the card", e);
    }
  }

  // ---- the card and the persistence ---------------------------------------------------------

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the virtual card is closed");
    }
  }

  /** Power-up after power loss: everything of the card session is gone. */
  private void coldSession() {
    chip.powerUp();
    sessions++;
  }

  /** A warm reset: the card decides what it keeps. */
  private void warmSession() {
    chip.warmReset();
    sessions++;
  }

  /**
   * One command to the card, then the card's own PIN counters: a change is persisted before the
   * response is given back.
   */
  private byte[] exchange(byte[] command) {
    byte[] response = chip.process(command);
    PinState now = pins.withAuthTriesLeft(chip.triesLeft(JpkiConstants.EF_AUTH_PIN));
    if (signPin) { // else the stored counter waits for a profile with the PIN
      now = now.withSignTriesLeft(chip.triesLeft(JpkiConstants.EF_SIGN_PIN));
    }
    if (!now.equals(pins)) {
      pins = now;
      if (directory != null) {
        try {
          directory.writePins(now);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "could not persist the PIN counter in " + directory.path(), e);
        }
      }
    }
    return response;
  }
}
