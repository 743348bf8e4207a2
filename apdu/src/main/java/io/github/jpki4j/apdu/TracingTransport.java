package io.github.jpki4j.apdu;

import java.util.HexFormat;
import java.util.function.Consumer;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Decorator that reports every APDU as hex lines ({@code >> } command, {@code << } response with
 * the elapsed time). The data of VERIFY and CHANGE REFERENCE DATA is never printed, only its
 * length: PINs never reach a trace.
 */
public final class TracingTransport extends ForwardingTransport {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final Consumer<String> sink;

  /**
   * @param inner the transport to trace
   * @param sink where the trace lines go, e.g. {@code System.err::println}
   */
  public TracingTransport(ApduTransport inner, Consumer<String> sink) {
    super(inner);
    this.sink = sink;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    sink.accept(">> " + format(command));
    long start = System.nanoTime();
    ResponseAPDU response;
    try {
      response = inner.transmit(command);
    } catch (TransportException e) {
      sink.accept("<< " + e.getMessage() + elapsed(start));
      throw e;
    }
    byte[] data = response.getData();
    sink.accept(
        "<< "
            + (data.length == 0 ? "" : HEX.formatHex(data) + " ")
            + String.format("%04X", response.getSW())
            + elapsed(start));
    return response;
  }

  /**
   * A secret command is traced by its header and length only, whatever its instruction; the
   * response's data is traced as usual (VERIFY answers with a status word only).
   */
  @Override
  public int transmitSecret(byte[] command, byte[] response) throws TransportException {
    sink.accept(">> " + formatSecret(command));
    long start = System.nanoTime();
    int n;
    try {
      n = inner.transmitSecret(command, response);
    } catch (TransportException e) {
      sink.accept("<< " + e.getMessage() + elapsed(start));
      throw e;
    }
    sink.accept(
        "<< "
            + (n > 2 ? HEX.formatHex(response, 0, n - 2) + " " : "")
            + (n >= 2
                ? String.format("%02X%02X", response[n - 2], response[n - 1])
                : "(" + n + " bytes)")
            + elapsed(start));
    return n;
  }

  /** A secret command as trace text: its header, and its data's length only. */
  static String formatSecret(byte[] command) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < Math.min(4, command.length); i++) {
      line.append(i == 0 ? "" : " ").append(String.format("%02X", command[i]));
    }
    int nc = Math.max(0, command.length - 5);
    if (nc > 0) {
      line.append(' ').append(nc).append(" bytes: ** (").append(nc).append(" PIN bytes masked)");
    }
    return line.toString();
  }

  /** A command as trace text: header, then Lc and data (masked for PIN commands), then Le. */
  public static String format(CommandAPDU command) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%02X %02X %02X %02X",
                command.getCLA(), command.getINS(), command.getP1(), command.getP2()));
    int nc = command.getNc();
    if (nc > 0) {
      line.append(' ').append(nc).append(" bytes: ");
      if (isPinCommand(command)) {
        line.append("** (").append(nc).append(" PIN bytes masked)");
      } else {
        line.append(HEX.formatHex(command.getData()));
      }
    }
    if (command.getNe() > 0) {
      line.append(" Le=").append(command.getNe());
    }
    return line.toString();
  }

  private static boolean isPinCommand(CommandAPDU command) {
    int ins = command.getINS();
    return ins == StatusWords.INS_VERIFY || ins == StatusWords.INS_CHANGE_REFERENCE_DATA;
  }

  private static String elapsed(long start) {
    return String.format(" [%.2f ms]", (System.nanoTime() - start) / 1e6);
  }
}
