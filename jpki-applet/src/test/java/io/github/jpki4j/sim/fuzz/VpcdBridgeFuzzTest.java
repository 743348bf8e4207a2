package io.github.jpki4j.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.sim.VpcdBridge;
import io.github.jpki4j.sim.VpcdWireAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The vpcd bridge ({@code jpki sim serve}) against whatever arrives on its TCP connection: vpcd's
 * framing read from any bytes, and the bridge serving any sequence of messages (control codes,
 * APDUs of any shape, empty messages) to a simulated card of any profile.
 *
 * <p>Invariants: {@code read} returns exactly the framed payload or throws {@link EOFException};
 * the bridge answers every APDU with one message and every get-ATR with the ATR, in order, never
 * dies of an unchecked exception, and after the fuzzed messages still answers a get-ATR and a
 * SELECT of the JPKI AP correctly.
 */
class VpcdBridgeFuzzTest {
  private static final TestIdentity IDENTITY = TestIdentity.defaultIdentity();
  private static final List<CardProfile> PROFILES = CardProfile.each();
  private static final java.util.Set<String> LOOPBACK =
      new java.util.HashSet<>(
          List.of(
              "localhost",
              "127.0.0.1",
              InetAddress.getLoopbackAddress().getHostName(),
              InetAddress.getLoopbackAddress().getHostAddress()));
  private static final byte[] SELECT_AP =
      java.util.HexFormat.of().parseHex("00A4040C0AD392F000260100000001");

  @FuzzTest
  void read(byte[] stream) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream));
    int at = 0;
    while (true) {
      byte[] message;
      try {
        message = VpcdWireAccess.read(in);
      } catch (EOFException e) {
        assertTrue(
            stream.length - at < 2
                || stream.length - at - 2 < (((stream[at] & 0xFF) << 8) | (stream[at + 1] & 0xFF)),
            "EOF on a whole message");
        return;
      }
      int length = ((stream[at] & 0xFF) << 8) | (stream[at + 1] & 0xFF);
      assertEquals(length, message.length);
      assertArrayEquals(Arrays.copyOfRange(stream, at + 2, at + 2 + length), message);
      at += 2 + length;
    }
  }

  /**
   * The first byte picks the card profile; the rest is vpcd's side of a connection, cut to whole
   * messages (a cut message is {@link #read}'s business).
   */
  @FuzzTest
  void bridge(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    // the bridge connects to the fake vpcd below, on loopback: not a request forgery
    BugDetectors.allowNetworkConnections((host, port) -> LOOPBACK.contains(host));
    CardProfile profile = PROFILES.get((input[0] & 0xFF) % PROFILES.size());
    List<byte[]> messages = wholeMessages(Arrays.copyOfRange(input, 1, input.length));
    try (VirtualCard card =
            VirtualCard.create(IDENTITY, io.github.jpki4j.sim.PinState.defaults(), profile);
        ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      vpcd.setSoTimeout(10_000);
      VpcdBridge bridge =
          new VpcdBridge(
              card,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), vpcd.getLocalPort()),
              line -> {});
      AtomicReference<Throwable> peerFailure = new AtomicReference<>();
      Thread peer =
          new Thread(
              () -> {
                try {
                  talk(vpcd, messages, card.atr());
                } catch (Throwable e) {
                  peerFailure.set(e);
                } finally {
                  bridge.close();
                }
              },
              "fuzz-vpcd");
      peer.start();
      // the bridge serves on this thread: whatever it throws reaches the fuzzer
      bridge.run(Duration.ofSeconds(10));
      peer.join();
      if (peerFailure.get() != null) {
        throw new AssertionError("vpcd's side: " + peerFailure.get(), peerFailure.get());
      }
    }
  }

  // vpcd: send everything, then a get-ATR, a power-up and a SELECT; read the answers in order
  private static void talk(ServerSocket vpcd, List<byte[]> messages, byte[] atr)
      throws IOException {
    try (Socket s = vpcd.accept()) {
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int answers = 0;
      List<Boolean> isAtr = new ArrayList<>();
      for (byte[] m : messages) {
        VpcdWireAccess.write(all, m);
        if (m.length == 1 && (m[0] & 0xFF) == VpcdWireAccess.CTRL_GET_ATR) {
          isAtr.add(true);
        } else if (m.length >= 2) {
          isAtr.add(false);
        }
      }
      VpcdWireAccess.write(all, new byte[] {(byte) VpcdWireAccess.CTRL_GET_ATR});
      VpcdWireAccess.write(all, new byte[] {2}); // reset: powered and nothing selected
      VpcdWireAccess.write(all, SELECT_AP);
      out.write(all.toByteArray());
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (boolean atrExpected : isAtr) {
        byte[] answer = VpcdWireAccess.read(in);
        if (atrExpected) {
          assertArrayEquals(atr, answer, "answer " + answers + ": not the ATR");
        } else {
          assertTrue(
              answer.length == 0 || answer.length >= 2,
              "answer " + answers + ": " + answer.length + " bytes, no status word");
        }
        answers++;
      }
      assertArrayEquals(atr, VpcdWireAccess.read(in), "the ATR after the fuzzed messages");
      byte[] select = VpcdWireAccess.read(in);
      int sw = ((select[select.length - 2] & 0xFF) << 8) | (select[select.length - 1] & 0xFF);
      // 6F00 only from a card whose first command after a reset answers so (first-6f00)
      assertTrue(
          sw == 0x9000 || sw == 0x6F00,
          "SELECT of the AP after the fuzzed messages: " + Integer.toHexString(sw));
    }
  }

  private static List<byte[]> wholeMessages(byte[] stream) throws IOException {
    List<byte[]> out = new ArrayList<>();
    InputStream in = new ByteArrayInputStream(stream);
    while (in.available() >= 2) {
      int len = (in.read() << 8) | in.read();
      if (in.available() < len) {
        break;
      }
      out.add(in.readNBytes(len));
    }
    return out;
  }
}
