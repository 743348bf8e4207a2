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
