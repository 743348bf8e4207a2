package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.Await;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The vpcd bridge against a fake vpcd: a server socket on 127.0.0.1 speaking vpcd's framing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VpcdBridgeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SELECT_AP = HEX.parseHex("00A4040C0AD392F000260100000001");
  private static final byte[] SELECT_AUTH_CERT = HEX.parseHex("00A4020C02000A");
  private static final byte[] SELECT_AUTH_PIN = HEX.parseHex("00A4020C020018");
  private static final byte[] SELECT_AUTH_KEY = HEX.parseHex("00A4020C020017");
  private static final byte[] READ_4 = HEX.parseHex("00B0000004");
  private static final byte[] READ_ALL_EXTENDED = HEX.parseHex("00B00000000000");
  private static final byte[] VERIFY_1234 = HEX.parseHex("002000800431323334");
  private static final byte[] SIGN = HEX.parseHex("802A008020" + "00".repeat(32) + "00");
  private static final byte[] OK = {(byte) 0x90, 0x00};

  /**
   * The bound of a wait whose length is not under test (vpcd's accept and reads, the bridge
   * thread's end): far above what a loaded machine needs, so only a bridge that never acts fails.
   */
  private static final int WAIT_MILLIS = 30_000;

  private VirtualCard card;
  private ServerSocket vpcd;
  private VpcdBridge bridge;
  private Thread runner;
  private final AtomicReference<Throwable> runFailure = new AtomicReference<>();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    card = VirtualCard.create(TestIdentity.defaultIdentity());
    vpcd = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    vpcd.setSoTimeout(WAIT_MILLIS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (runner != null) {
      runner.join(WAIT_MILLIS);
      assertFalse(runner.isAlive(), "the bridge did not stop");
    }
    vpcd.close();
    card.close();
  }

  // AddressSelection: the literal address, as 'sim serve --vpcd 127.0.0.1:PORT' gives it; the
  // tests check that the bridge reports it as written
  @SuppressWarnings("AddressSelection")
  private void startBridge(int port, Duration connectWait) {
    bridge = new VpcdBridge(card, new InetSocketAddress("127.0.0.1", port), log::add);
    runner =
        new Thread(
            () -> {
              try {
                bridge.run(connectWait);
              } catch (Throwable e) {
                runFailure.set(e);
              }
            },
            "bridge");
    runner.setDaemon(true);
    runner.start();
  }

  /** vpcd's side of one connection. */
  private static final class Peer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(WAIT_MILLIS);
      socket.setTcpNoDelay(true);
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    void send(byte... payload) throws IOException {
      VpcdBridge.write(out, payload);
    }

    byte[] receive() throws IOException {
      return VpcdBridge.read(in);
    }

    byte[] exchange(byte[] apdu) throws IOException {
      send(apdu);
      return receive();
    }

    /** Powers the card up as vpcd does when pcscd sees it: ATR, then power on. */
    void powerUp(byte[] expectedAtr) throws IOException {
      send((byte) VpcdBridge.CTRL_GET_ATR);
      assertArrayEquals(expectedAtr, receive());
      send((byte) VpcdBridge.CTRL_POWER_ON);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private Peer accept() throws IOException {
    return new Peer(vpcd.accept());
  }

  /** One vpcd message as it goes on the wire: a two-byte length, then the payload. */
  private static byte[] frame(byte[] payload) {
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >>> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }

  /** A presence poll: once its ATR is back, the bridge has read everything sent before it. */
  private void atrPoll(Peer p) throws IOException {
    p.send((byte) VpcdBridge.CTRL_GET_ATR);
    assertArrayEquals(card.atr(), p.receive());
  }

  /**
   * Writes {@code frame} in two writes, the second only once the bridge has taken all of the first
   * and reads on for the rest of the message body, so that the body really reaches it in two reads.
   * The bridge must have read all earlier messages (see {@link #atrPoll}).
   */
  private void sendSplit(Peer p, byte[] frame, int at) throws Exception {
    p.out.write(frame, 0, at);
    p.out.flush();
    Socket bridgeSide = bridgeSocket();
    Await.until(
        "the bridge has taken the first " + at + " bytes of a message and reads its body",
        () -> readingABody(runner) && unread(bridgeSide) == 0);
    p.out.write(frame, at, frame.length - at);
    p.out.flush();
  }

  /** Whether {@code t} is in {@link VpcdBridge#read} reading a body: its length is taken. */
  private static boolean readingABody(Thread t) {
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 1; i < stack.length; i++) {
      if (stack[i].getClassName().equals(VpcdBridge.class.getName())
          && stack[i].getMethodName().equals("read")) {
        return stack[i - 1].getClassName().equals(DataInputStream.class.getName())
            && stack[i - 1].getMethodName().equals("readFully");
      }
    }
    return false;
  }

  /** The bridge's end of the connection to vpcd; only its unread byte count is looked at. */
  private Socket bridgeSocket() throws ReflectiveOperationException {
    Field field = VpcdBridge.class.getDeclaredField("socket");
    field.setAccessible(true);
    Socket s;
    synchronized (bridge) {
      s = (Socket) field.get(bridge);
    }
    assertNotNull(s, "the bridge is connected");
    return s;
  }

  private static int unread(Socket s) {
    try {
      return s.getInputStream().available();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int sw(byte[] response) {
    return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
  }

  @Test
  void answersTheAtrAndApdusAndCountsThem() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      p.send((byte) VpcdBridge.CTRL_GET_ATR); // presence polls are not APDUs
      assertArrayEquals(card.atr(), p.receive());
      assertArrayEquals(OK, p.exchange(SELECT_AP));
      assertArrayEquals(OK, p.exchange(SELECT_AUTH_CERT));
      byte[] head = p.exchange(READ_4);
      assertEquals(6, head.length);
      assertEquals(0x30, head[0] & 0xFF);
      assertEquals(0x82, head[1] & 0xFF);
      assertEquals(0x9000, sw(head));

      VpcdBridge.Stats s = bridge.stats();
      assertEquals(3, s.apdus());
      assertEquals(SELECT_AP.length + SELECT_AUTH_CERT.length + READ_4.length, s.bytesToCard());
      assertEquals(2 + 2 + 6, s.bytesFromCard());
      assertEquals(s.bytesToCard() + s.bytesFromCard(), s.bytes());
      assertEquals("3 APDUs, 27 bytes to the card, 10 bytes from the card", s.toString());
      assertTrue(bridge.connected());
    }
  }

  @Test
  void anExtendedResponseLongerThan255BytesUsesTheTwoByteLength() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      p.exchange(SELECT_AP);
      p.exchange(SELECT_AUTH_CERT);
      byte[] all = p.exchange(READ_ALL_EXTENDED);
      byte[] der = card.identity().authCertificateDer();
      assertTrue(der.length > 255, "the test needs a certificate over 255 bytes");
      assertEquals(0x9000, sw(all));
      assertArrayEquals(der, Arrays.copyOf(all, der.length));
      assertEquals(3, bridge.stats().apdus());
      assertEquals(2 + 2 + all.length, bridge.stats().bytesFromCard());
    }
  }

  @Test
  void aMessageSplitAcrossWritesAndEmptyMessagesAreHandled() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      p.send(); // a zero-length message: ignored
      atrPoll(p); // answered once the bridge has read all that came before
      sendSplit(p, frame(SELECT_AP), 2); // the length alone, then the body
      assertArrayEquals(OK, p.receive());
      p.send((byte) 0x42); // an unknown control code: ignored, logged
      atrPoll(p);
      sendSplit(p, frame(SELECT_AUTH_PIN), 2 + 3); // the length and part of the body, the rest
      assertArrayEquals(OK, p.receive());
      assertEquals(2, bridge.stats().apdus());
      assertTrue(log.stream().anyMatch(l -> l.contains("unknown control code 66")), log::toString);
    }
  }

  @Test
  void powerOffEndsTheCardSessionAndLogsItsCounts() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      p.exchange(SELECT_AP);
      p.exchange(SELECT_AUTH_PIN);
      assertArrayEquals(OK, p.exchange(VERIFY_1234));
      p.exchange(SELECT_AUTH_KEY);
      byte[] signature = p.exchange(SIGN);
      assertEquals(0x9000, sw(signature));
      assertEquals(258, signature.length);

      p.send((byte) VpcdBridge.CTRL_POWER_OFF);
      assertEquals(0x6F00, sw(p.exchange(SELECT_AP)), "an unpowered card must not answer");
      p.send((byte) VpcdBridge.CTRL_POWER_ON);
      p.exchange(SELECT_AP);
      p.exchange(SELECT_AUTH_KEY);
      assertEquals(0x6982, sw(p.exchange(SIGN)), "the PIN must be forgotten at power-off");

      int toCard =
          SELECT_AP.length
              + SELECT_AUTH_PIN.length
              + VERIFY_1234.length
              + SELECT_AUTH_KEY.length
              + SIGN.length;
      String expected =
          "vpcd: power off; the session saw 5 APDUs, "
              + toCard
              + " bytes to the card, "
              + (2 + 2 + 2 + 2 + 258)
              + " bytes from the card";
      assertTrue(log.contains(expected), log::toString);
      p.send((byte) VpcdBridge.CTRL_RESET);
      p.send((byte) VpcdBridge.CTRL_GET_ATR);
      p.receive();
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("vpcd: reset; the session saw 3 APDUs")),
          log::toString);
      assertEquals(9, bridge.stats().apdus());
    }
  }

  @Test
  void resetStatsReturnsTheCountsAndStartsFromZero() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      p.exchange(SELECT_AP);
      p.exchange(SELECT_AUTH_PIN);
      VpcdBridge.Stats before = bridge.resetStats();
      assertEquals(2, before.apdus());
      assertEquals(VpcdBridge.Stats.ZERO, bridge.stats());
      p.exchange(SELECT_AP);
      assertEquals(new VpcdBridge.Stats(1, SELECT_AP.length, 2), bridge.stats());
    }
  }

  @Test
  void removalClosesTheConnectionAndInsertionConnectsAgain() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer first = accept()) {
      first.powerUp(card.atr());
      first.exchange(SELECT_AP);
      first.exchange(SELECT_AUTH_PIN);
      assertArrayEquals(OK, first.exchange(VERIFY_1234));

      bridge.removeCard();
      assertEquals(-1, first.in.read(), "vpcd must see the connection end");
      assertFalse(card.isCardPresent());
      assertFalse(bridge.connected());
      // Parked in run, the bridge waits for insertion; before that it might still connect.
      Await.parkedIn(runner, VpcdBridge.class, "run");
      vpcd.setSoTimeout(300);
      assertThrows(
          SocketTimeoutException.class, vpcd::accept, "no connection while the card is out");
      vpcd.setSoTimeout(WAIT_MILLIS);
    }
    bridge.insertCard();
    try (Peer second = accept()) {
      assertTrue(card.isCardPresent());
      second.powerUp(card.atr());
      second.exchange(SELECT_AP);
      second.exchange(SELECT_AUTH_KEY);
      assertEquals(0x6982, sw(second.exchange(SIGN)), "a reinserted card has a new session");
      assertEquals(2, bridge.connections());
    }
    assertTrue(log.contains("vpcd: card removed"), log::toString);
  }

  @Test
  void whenVpcdDropsTheConnectionTheBridgeConnectsAgain() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer first = accept()) {
      first.powerUp(card.atr());
      first.exchange(SELECT_AP);
    }
    try (Peer second = accept()) {
      second.powerUp(card.atr());
      assertArrayEquals(OK, second.exchange(SELECT_AP));
    }
    assertTrue(
        log.stream().anyMatch(l -> l.startsWith("vpcd: disconnected; the session saw 1 APDU,")),
        log::toString);
  }

  @Test
  void waitsForVpcdToAppearWithinTheConnectWait() throws Exception {
    int port = vpcd.getLocalPort();
    vpcd.close(); // nobody listens: the bridge retries
    startBridge(port, Duration.ofSeconds(10));
    // Only the pause between attempts parks the bridge in connect: an attempt has failed.
    Await.parkedIn(runner, VpcdBridge.class, "connect");
    assertNull(runFailure.get());
    vpcd = new ServerSocket();
    vpcd.setReuseAddress(true);
    vpcd.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    vpcd.setSoTimeout(WAIT_MILLIS);
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      assertArrayEquals(OK, p.exchange(SELECT_AP));
    }
  }

  @Test
  void givesUpWhenVpcdNeverAppears() throws Exception {
    int port = vpcd.getLocalPort();
    vpcd.close();
    Duration connectWait = Duration.ofMillis(600);
    long t0 = System.nanoTime();
    startBridge(port, connectWait);
    runner.join(WAIT_MILLIS);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(
        runner.isAlive(),
        "still trying to connect after " + millis + " ms with a connect wait of 600 ms");
    Throwable e = runFailure.get();
    assertNotNull(e, "run must fail when vpcd never comes");
    assertTrue(e instanceof IOException, e.toString());
    assertTrue(
        e.getMessage().contains("vpcd is not reachable at 127.0.0.1:" + port), e.getMessage());
    // not before its connect wait; no later bound: it ended by itself, which is what is checked
    assertTrue(
        millis >= connectWait.toMillis(),
        "gave up after " + millis + " ms, before its connect wait of 600 ms");
    vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); // for tearDown
  }

  @Test
  void closeEndsRunAndTheConnection() throws Exception {
    startBridge(vpcd.getLocalPort(), Duration.ofSeconds(5));
    try (Peer p = accept()) {
      p.powerUp(card.atr());
      bridge.close();
      runner.join(WAIT_MILLIS);
      assertFalse(runner.isAlive());
      assertNull(runFailure.get());
      assertEquals(-1, p.in.read());
    }
  }
}
