package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A transport that plays a script: each step names the exact command expected (hex) and the
 * response to give. A command that differs from the script fails the test at once.
 */
public final class ScriptedTransport implements ApduTransport {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  // ArrayRecordComponent: a step of the script, never compared, and the response is not changed
  @SuppressWarnings("ArrayRecordComponent")
  private record Step(String command, byte[] response) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<String> sent = new ArrayList<>();
  private final List<byte[]> secretBuffers = new ArrayList<>();
  private final byte[] atr;
  private boolean closed;
  private int exclusiveDepth;
  private boolean verifiedUnderExclusive = true;

  public ScriptedTransport(String atrHex) {
    this.atr = HEX.parseHex(atrHex.replace(" ", ""));
  }

  /** Expects {@code commandHex} next and answers {@code responseHex} (data + SW). */
  public ScriptedTransport expect(String commandHex, String responseHex) {
    steps.add(
        new Step(
            commandHex.replace(" ", "").toUpperCase(Locale.ROOT),
            HEX.parseHex(responseHex.replace(" ", ""))));
    return this;
  }

  /** Expects a command and answers data (as bytes) followed by a status word. */
  public ScriptedTransport expect(String commandHex, byte[] data, int sw) {
    byte[] r = new byte[data.length + 2];
    System.arraycopy(data, 0, r, 0, data.length);
    r[data.length] = (byte) (sw >>> 8);
    r[data.length + 1] = (byte) sw;
    steps.add(new Step(commandHex.replace(" ", "").toUpperCase(Locale.ROOT), r));
    return this;
  }

  /**
   * Expects {@code commandHex} next and fails it at the transmit, as a reader that cannot carry it
   * does (a PC/SC error, no status word).
   */
  public ScriptedTransport expectTransmitFailure(String commandHex) {
    steps.add(new Step(commandHex.replace(" ", "").toUpperCase(Locale.ROOT), null));
    return this;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    String hex = HEX.formatHex(command.getBytes());
    sent.add(hex);
    if (command.getINS() == 0x20 && command.getNc() > 0 && exclusiveDepth == 0) {
      verifiedUnderExclusive = false;
    }
    Step step = steps.poll();
    if (step == null) {
      throw new AssertionError("unexpected command after the script ended: " + hex);
    }
    assertEquals(step.command(), hex, "command #" + sent.size());
    if (step.response() == null) {
      throw new TransmitFailedException(
          "the card reader could not carry the command" + " (SCARD_E_NOT_TRANSACTED)", null);
    }
    return new ResponseAPDU(step.response());
  }

  /**
   * The secret path plays the same script; the caller's buffer is kept (not copied) so that a test
   * can check it was wiped once the driver is done with it.
   */
  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    secretBuffers.add(command);
    byte[] answer = transmit(new CommandAPDU(command)).getBytes();
    System.arraycopy(answer, 0, response, 0, answer.length);
    return answer.length;
  }

  /**
   * Every VERIFY that carried a PIN came through {@link #transmitSecret}, and every buffer given
   * there is all zeros now.
   */
  public void assertPinsOnlyThroughTheSecretPathAndWiped() {
    long verifies = sent.stream().filter(h -> h.startsWith("00200080") && h.length() > 8).count();
    assertEquals(verifies, secretBuffers.size(), "VERIFYs with a PIN that were not sent as secret");
    for (byte[] b : secretBuffers) {
      for (byte x : b) {
        assertEquals(0, x, "a secret command buffer was not wiped: " + HEX.formatHex(b));
      }
    }
  }

  /** Every scripted step was used. */
  public void assertDone() {
    assertEquals(0, steps.size(), "script steps left: " + steps.size());
  }

  /** Commands sent so far, as hex. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /** True unless some VERIFY with data was sent outside exclusive access. */
  public boolean verifiedUnderExclusive() {
    return verifiedUnderExclusive;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  @Override
  public void beginExclusive() {
    exclusiveDepth++;
  }

  @Override
  public void endExclusive() {
    exclusiveDepth--;
  }

  @Override
  public void close() {
    closed = true;
  }
}
