package io.github.jpki4j.pin;

import java.io.IOException;
import java.io.OutputStream;

// The client side of one Assuan conversation with a pinentry, reply by reply.
final class AssuanClient {
  // More INQUIREs than this within one command is a server going round in circles.
  private static final int MAX_INQUIRIES = 8;

  private final ChildProcess child;
  private final LineReader reader;
  private final SecretBuffer line;
  private final OutputStream out;
  private final int maxData;
  private String refusedInquiry;

  AssuanClient(ChildProcess child, LineReader reader, SecretBuffer line, int maxData) {
    this.child = child;
    this.reader = reader;
    this.line = line;
    this.out = child.stdin();
    this.maxData = maxData;
  }

  /**
   * Sends {@code verb [argument]} and reads its reply. Returns {@code null} for OK, or the ERR line
   * (one line, shortened). D-line data is percent-decoded into {@code data}, or dropped when it is
   * {@code null}.
   */
  String command(String verb, String argument, SecretBuffer data) throws PinEntryException {
    send(Assuan.commandLine(verb, argument), verb);
    return readReply(verb, data);
  }

  // The keyword of an INQUIRE answered with CAN during the last command, or null.
  String refusedInquiry() {
    return refusedInquiry;
  }

  // Best effort: the pinentry ends on BYE, or anyway on end of input when its stdin is closed.
  void bye() {
    try {
      out.write(Assuan.commandLine("BYE", null));
      out.flush();
    } catch (IOException e) {
      // It has gone already.
    }
  }

  String readReply(String context, SecretBuffer data) throws PinEntryException {
    refusedInquiry = null;
    int inquiries = 0;
    while (true) {
      int n;
      try {
        n = reader.readLine(line);
      } catch (IOException e) {
        throw child.timedOut()
            ? new PinEntryException(child.timeoutMessage())
            : new PinEntryException(child.what() + " could not be read: " + e.getMessage(), e);
      }
      if (n == LineReader.EOF) {
        throw new PinEntryException(
            child.timedOut()
                ? child.timeoutMessage()
                : child.what() + " ended before answering " + context + child.exitNote());
      }
      if (n == LineReader.TOO_LONG) {
        throw new PinEntryException(
            child.what() + " sent an over-long line in reply to " + context);
      }
      if (line.isExactly("OK") || line.startsWith("OK ")) {
        return null;
      }
      if (line.isExactly("ERR") || line.startsWith("ERR ")) {
        return PinEntryException.oneLine(line.nonSecretText(0), 200);
      }
      if (line.startsWith("D ")) {
        if (data != null && !Assuan.unescapeInto(line, 2, data, maxData)) {
          throw new PinEntryException(
              child.what() + " sent malformed or over-long data in reply to " + context);
        }
        continue;
      }
      if (line.startsWith("#") || line.isExactly("S") || line.startsWith("S ")) {
        continue;
      }
      if (line.startsWith("INQUIRE ")) {
        if (++inquiries > MAX_INQUIRIES) {
          throw new PinEntryException(child.what() + " kept inquiring in reply to " + context);
        }
        // We never offer data, so every inquiry is declined; the command then ends with an ERR.
        String keyword = line.nonSecretText("INQUIRE ".length()).strip().split(" ", 2)[0];
        refusedInquiry = PinEntryException.oneLine(keyword, 40);
        send(Assuan.commandLine("CAN", null), "CAN");
        continue;
      }
      throw new PinEntryException(
          child.what()
              + " sent an unexpected reply to "
              + context
              + "; is it a pinentry (Assuan) program?");
    }
  }

  private void send(byte[] bytes, String verb) throws PinEntryException {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new PinEntryException(
          child.timedOut()
              ? child.timeoutMessage()
              : child.what() + " stopped listening before " + verb + child.exitNote(),
          e);
    }
  }
}
