package io.github.jpki4j.sim;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Puts a {@link VirtualCard} into a vsmartcard {@code vpcd} reader, so that pcscd, and every PC/SC
 * program (jpki, OpenSC, pcsc_scan), sees it as a card in "Virtual PCD 00 00".
 *
 * <p>vpcd is the TCP server (default {@code 127.0.0.1:35963}); the bridge connects to it. A
 * connection is a card in the reader: closing it is a removal, connecting again an insertion. Each
 * message either way is a 2-byte big-endian length and a payload. From vpcd, a 1-byte payload is a
 * control code ({@code 0} power off, {@code 1} power on, {@code 2} reset, {@code 4} get ATR: the
 * only control that is answered, with the ATR); anything longer is a command APDU, answered with
 * the response APDU (data and status word). {@code TCP_QUICKACK} is set before every read and
 * {@code TCP_NODELAY} once: without them each APDU round trip waits ~40 ms for a delayed ACK.
 *
 * <p>The reader's limits are the card's {@link CardProfile}'s: a command its {@link ReaderKind}
 * cannot carry never reaches the card and is answered with a message no PC/SC client can receive
 * (see {@link #UNDELIVERABLE}), which vpcd and pcscd turn into a transmit error for the client, as
 * a short-only reader's driver does.
 *
 * <p>The bridge counts the APDUs it passes and their bytes in each direction (command bytes to the
 * card; response bytes, status word included, from it), in total ({@link #stats()}, {@link
 * #resetStats()}) and per card session: a power-off or reset logs the session's counts. vpcd's
 * presence polls (get ATR, several a second) are control messages, not APDUs, and are not counted.
 *
 * <p>Thread-safe: {@link #run} serves on the calling thread; {@link #removeCard}, {@link
 * #insertCard}, {@link #stats} and {@link #close} may be called from any other.
 */
public final class VpcdBridge implements AutoCloseable {
  /** vpcd's host as tests and {@code jpki sim serve} use it: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The port of vpcd's first reader, "Virtual PCD 00 00". */
  public static final int DEFAULT_PORT = 35963;

  static final int CTRL_POWER_OFF = 0;
  static final int CTRL_POWER_ON = 1;
  static final int CTRL_RESET = 2;
  static final int CTRL_GET_ATR = 4;

  private static final long FIRST_RETRY_MILLIS = 50;
  private static final long MAX_RETRY_MILLIS = 1000;
  private static final byte[] SW_NO_PRECISE_DIAGNOSIS = {0x6F, 0x00};

  /**
   * What the bridge answers a command its reader cannot carry: a message longer than any PC/SC
   * client's receive buffer (the JDK's holds 8194 bytes), which vpcd turns into a communication
   * error for pcscd, and pcscd into {@code SCARD_E_NOT_TRANSACTED} for the client, leaving the card
   * in the reader. An empty message would not do: vpcd waits for at least one byte, and treats a
   * short read as an eject. Its last two bytes are {@code 6F00}, should a client ever have a buffer
   * that large.
   */
  private static final byte[] UNDELIVERABLE = undeliverable();

  private static final SocketOption<Boolean> QUICKACK = quickAck();

  /** APDU counts and bytes on the wire; immutable. */
  public record Stats(long apdus, long bytesToCard, long bytesFromCard) {
    public static final Stats ZERO = new Stats(0, 0, 0);

    /** All bytes, both directions. */
    public long bytes() {
      return bytesToCard + bytesFromCard;
    }

    Stats plus(int commandBytes, int responseBytes) {
      return new Stats(apdus + 1, bytesToCard + commandBytes, bytesFromCard + responseBytes);
    }

    /** E.g. {@code "12 APDUs, 96 bytes to the card, 2079 bytes from the card"}. */
    @Override
    public String toString() {
      return apdus
          + (apdus == 1 ? " APDU, " : " APDUs, ")
          + bytesToCard
          + " bytes to the card, "
          + bytesFromCard
          + " bytes from the card";
    }
  }

  private final VirtualCard card;
  private final InetSocketAddress vpcd;
  private final Consumer<String> log;

  private Stats total = Stats.ZERO;
  private Stats session = Stats.ZERO;
  private long connections;
  private boolean inserted = true;
  private boolean closed;
  private Socket socket;

  /**
   * A bridge for {@code card} to the vpcd at {@code vpcd}. Nothing happens before {@link #run}.
   *
   * @param log receives one line per event (connection, power, session counts); never an APDU
   */
  public VpcdBridge(VirtualCard card, InetSocketAddress vpcd, Consumer<String> log) {
    this.card = card;
    this.vpcd = vpcd;
    this.log = log;
  }

  /**
   * Serves the card until {@link #close()}: connects to vpcd (retrying with a growing pause of 50
   * ms up to 1 s, for at most {@code connectWait} each time), answers it until the connection ends,
   * and connects again; while the card is removed ({@link #removeCard}) it waits for {@link
   * #insertCard}.
   *
   * @throws IOException if vpcd could not be reached for {@code connectWait}
   * @throws InterruptedException if the thread was interrupted
   */
  public void run(Duration connectWait) throws IOException, InterruptedException {
    while (true) {
      synchronized (this) {
        while (!closed && !inserted) {
          wait();
        }
        if (closed) {
          return;
        }
      }
      Socket s = connect(connectWait);
      if (s == null) {
        continue; // closed or removed while connecting
      }
      try {
        serve(s);
      } finally {
        disconnected(s);
      }
    }
  }

  /** Connects with bounded backoff; null if the card was removed or the bridge closed meanwhile. */
  private Socket connect(Duration connectWait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + connectWait.toNanos();
    long pause = FIRST_RETRY_MILLIS;
    IOException last = null;
    for (int attempt = 1; ; attempt++) {
      synchronized (this) {
        if (closed || !inserted) {
          return null;
        }
      }
      Socket s = new Socket();
      try {
        s.connect(vpcd, (int) Math.max(100, Math.min(5000, connectWait.toMillis())));
        s.setTcpNoDelay(true);
        synchronized (this) {
          if (closed || !inserted) {
            s.close();
            return null;
          }
          socket = s;
          connections++;
          if (inserted && !card.isCardPresent()) {
            card.insertCard();
          }
        }
        log.accept(
            "vpcd: connected to "
                + vpcd.getHostString()
                + ":"
                + vpcd.getPort()
                + " (card inserted)");
        return s;
      } catch (IOException e) {
        s.close();
        last = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException(
            "vpcd is not reachable at "
                + vpcd.getHostString()
                + ":"
                + vpcd.getPort()
                + " after "
                + attempt
                + " attempts in "
                + connectWait.toMillis()
                + " ms (is pcscd running with vsmartcard-vpcd installed?): "
                + last.getMessage(),
            last);
      }
      synchronized (this) {
        if (!closed) {
          wait(Math.max(1, Math.min(pause, left / 1_000_000L)));
        }
      }
      pause = Math.min(MAX_RETRY_MILLIS, pause * 2);
    }
  }

  /** Answers vpcd until the connection ends (vpcd left, removal, close, or an I/O error). */
  private void serve(Socket s) {
    try {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        quickAck(s);
        byte[] message = read(in);
        if (message.length == 0) {
          continue;
        }
        if (message.length == 1) {
          byte[] answer = control(message[0] & 0xFF);
          if (answer != null) {
            write(out, answer);
          }
          continue;
        }
        byte[] response;
        try {
          response = apdu(message);
        } catch (UncheckedIOException e) {
          log.accept("vpcd: " + e.getMessage() + "; the card is pulled");
          return;
        }
        write(out, response);
      }
    } catch (EOFException e) {
      // vpcd closed the connection (pcscd stopped): connect again
    } catch (IOException e) {
      synchronized (this) {
        if (closed || socket != s) {
          return; // our own removal or close
        }
      }
      log.accept("vpcd: connection lost: " + e.getMessage());
    }
  }

  /** Handles one control code; returns the answer to send, if any. */
  private byte[] control(int code) {
    synchronized (this) {
      switch (code) {
        case CTRL_GET_ATR -> {
          return card.atr();
        }
        case CTRL_POWER_OFF -> {
          if (card.isPowered()) {
            card.powerOff();
            log.accept("vpcd: power off; the session saw " + endSession());
          }
          return null;
        }
        case CTRL_POWER_ON -> {
          if (card.isPowered()) {
            card.powerOff(); // a power-up of a powered card is a cold reset
          }
          card.powerOn();
          endSession();
          log.accept("vpcd: power on");
          return null;
        }
        case CTRL_RESET -> {
          card.reset();
          log.accept("vpcd: reset; the session saw " + endSession());
          return null;
        }
        default -> {
          log.accept("vpcd: ignoring unknown control code " + code);
          return null;
        }
      }
    }
  }

  private byte[] apdu(byte[] command) {
    if (!card.profile().reader().carries(command)) {
      return UNDELIVERABLE; // the reader could not carry it: the client gets a transmit error
    }
    byte[] response;
    try {
      response = card.transmit(command);
    } catch (IllegalStateException e) {
      response = SW_NO_PRECISE_DIAGNOSIS; // not powered: vpcd should have powered it up first
    }
    synchronized (this) {
      total = total.plus(command.length, response.length);
      session = session.plus(command.length, response.length);
    }
    return response;
  }

  private synchronized Stats endSession() {
    Stats s = session;
    session = Stats.ZERO;
    return s;
  }

  private void disconnected(Socket s) {
    String line;
    synchronized (this) {
      if (socket == s) {
        socket = null;
      }
      if (!closed && card.isPowered()) {
        card.powerOff(); // out of the reader: the card session ends
      }
      Stats seen = endSession();
      line = "vpcd: disconnected" + (seen.apdus() > 0 ? "; the session saw " + seen : "");
    }
    closeQuietly(s);
    log.accept(line);
  }

  /** Pulls the card out of the reader: no connection to vpcd until {@link #insertCard}. */
  public void removeCard() {
    Socket s;
    synchronized (this) {
      if (closed || !inserted) {
        return;
      }
      inserted = false;
      s = socket;
      socket = null;
      if (card.isCardPresent()) {
        card.removeCard();
      }
      notifyAll();
    }
    closeQuietly(s);
    log.accept("vpcd: card removed");
  }

  /** Puts the card back: {@link #run} connects to vpcd again. */
  public synchronized void insertCard() {
    if (closed || inserted) {
      return;
    }
    inserted = true;
    card.insertCard();
    notifyAll();
  }

  /** Whether the card is in the reader (the bridge holds a connection to vpcd). */
  public synchronized boolean connected() {
    return socket != null;
  }

  /** How many connections to vpcd were made so far (insertions). */
  public synchronized long connections() {
    return connections;
  }

  /** The counts since the start or the last {@link #resetStats()}. */
  public synchronized Stats stats() {
    return total;
  }

  /** Returns the counts and starts again from zero. */
  public synchronized Stats resetStats() {
    Stats s = total;
    total = Stats.ZERO;
    return s;
  }

  /** Stops serving (a removal, for vpcd); {@link #run} returns. The card stays open. */
  @Override
  public void close() {
    Socket s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = socket;
      socket = null;
      notifyAll();
    }
    closeQuietly(s);
  }

  // ---- the wire ------------------------------------------------------------------------------

  static byte[] read(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] message = new byte[length];
    in.readFully(message);
    return message;
  }

  static void write(OutputStream out, byte[] payload) throws IOException {
    if (payload.length > 0xFFFF) {
      throw new IOException("a vpcd message holds at most 65535 bytes, not " + payload.length);
    }
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >>> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame); // one write: one segment
    out.flush();
  }

  private static byte[] undeliverable() {
    byte[] b = new byte[0xFFFF];
    b[b.length - 2] = 0x6F;
    return b;
  }

  private static void quickAck(Socket s) {
    if (QUICKACK != null) {
      try {
        s.setOption(QUICKACK, true);
      } catch (IOException | UnsupportedOperationException e) {
        // not Linux, or the socket is closing: only slower
      }
    }
  }

  /** jdk.net's TCP_QUICKACK where the platform has it (Linux), else null. */
  private static SocketOption<Boolean> quickAck() {
    try {
      SocketOption<Boolean> option = jdk.net.ExtendedSocketOptions.TCP_QUICKACK;
      try (Socket probe = new Socket()) {
        return probe.supportedOptions().contains(option) ? option : null;
      }
    } catch (IOException | LinkageError e) {
      return null;
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }
}
