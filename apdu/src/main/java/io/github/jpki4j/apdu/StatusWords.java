package io.github.jpki4j.apdu;

/**
 * ISO 7816-4 status words and instruction bytes that JPKI uses, with names from the standard. The
 * only place where a status word gets words.
 */
public final class StatusWords {
  public static final int OK = 0x9000;
  public static final int VERIFY_FAILED_MASK = 0x63C0; // 63Cx: x tries left
  public static final int WRONG_LENGTH = 0x6700;
  public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
  public static final int AUTH_METHOD_BLOCKED = 0x6983;
  public static final int REFERENCE_DATA_NOT_USABLE = 0x6984;
  public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
  public static final int COMMAND_NOT_ALLOWED = 0x6986;
  public static final int FILE_NOT_FOUND = 0x6A82;
  public static final int INCORRECT_P1P2 = 0x6A86;
  public static final int REFERENCED_DATA_NOT_FOUND = 0x6A88;
  public static final int WRONG_P1P2 = 0x6B00;
  public static final int INS_NOT_SUPPORTED = 0x6D00;
  public static final int CLA_NOT_SUPPORTED = 0x6E00;
  public static final int NO_PRECISE_DIAGNOSIS = 0x6F00;

  public static final int INS_SELECT = 0xA4;
  public static final int INS_READ_BINARY = 0xB0;
  public static final int INS_VERIFY = 0x20;
  public static final int INS_CHANGE_REFERENCE_DATA = 0x24;
  public static final int INS_COMPUTE_DIGITAL_SIGNATURE = 0x2A;

  private StatusWords() {}

  /** {@code true} for {@code 63Cx}, the "x tries left" answer of VERIFY. */
  public static boolean isTriesLeft(int sw) {
    return (sw & 0xFFF0) == VERIFY_FAILED_MASK;
  }

  /** A short English description of a status word. */
  public static String describe(int sw) {
    if (isTriesLeft(sw)) {
      int left = sw & 0x0F;
      return "verification failed, " + left + (left == 1 ? " try" : " tries") + " left";
    }
    return switch (sw) {
      case OK -> "success";
      case WRONG_LENGTH -> "wrong length";
      case SECURITY_STATUS_NOT_SATISFIED -> "security status not satisfied";
      case AUTH_METHOD_BLOCKED -> "authentication method blocked";
      case REFERENCE_DATA_NOT_USABLE -> "reference data not usable (blocked)";
      case CONDITIONS_NOT_SATISFIED -> "conditions of use not satisfied";
      case COMMAND_NOT_ALLOWED -> "command not allowed (no current EF)";
      case FILE_NOT_FOUND -> "file or application not found";
      case INCORRECT_P1P2 -> "incorrect parameters P1-P2";
      case WRONG_P1P2 -> "wrong parameters P1-P2 (offset beyond the end)";
      case INS_NOT_SUPPORTED -> "instruction not supported";
      case CLA_NOT_SUPPORTED -> "class not supported";
      case NO_PRECISE_DIAGNOSIS -> "no precise diagnosis";
      default -> {
        if ((sw & 0xFF00) == 0x6C00) {
          yield "wrong Le, expected " + (sw & 0xFF);
        }
        if ((sw & 0xFF00) == 0x6100) {
          yield (sw & 0xFF) + " more bytes available";
        }
        yield "unknown status";
      }
    };
  }

  /** The name of a command by its INS byte, for messages and traces. */
  public static String commandName(int ins) {
    return switch (ins) {
      case INS_SELECT -> "SELECT";
      case INS_READ_BINARY -> "READ BINARY";
      case INS_VERIFY -> "VERIFY";
      case INS_CHANGE_REFERENCE_DATA -> "CHANGE REFERENCE DATA";
      case INS_COMPUTE_DIGITAL_SIGNATURE -> "COMPUTE DIGITAL SIGNATURE";
      default -> String.format("INS %02X", ins);
    };
  }
}
