package io.github.jpki4j.apdu;

import java.util.Locale;
import javax.smartcardio.CardException;

/**
 * The one place where a PC/SC failure is classified. The JDK reports PC/SC errors as a {@link
 * CardException} whose message or cause's message names the {@code SCARD_*} code; nothing else in
 * the project reads those texts.
 */
public final class PcscErrors {
  /** What a PC/SC failure means for the caller. */
  public enum Kind {
    /** The card left the reader (or was never there). */
    CARD_REMOVED,
    /** Another program reset the card: the connection is unusable, the card is still there. */
    CARD_RESET,
    /** The PC/SC service is not running or stopped. */
    NO_SERVICE,
    /** There is no such reader, or no reader at all. */
    NO_READER,
    /** The reader failed to carry a command (e.g. an extended APDU on a short-only reader). */
    TRANSMIT_FAILED
  }

  private PcscErrors() {}

  /** Classifies a failure by the {@code SCARD_*} code it names. */
  public static Kind kind(Throwable e) {
    String text = text(e);
    if (text.contains("SCARD_W_REMOVED_CARD") || text.contains("SCARD_E_NO_SMARTCARD")) {
      return Kind.CARD_REMOVED;
    }
    if (text.contains("SCARD_W_RESET_CARD")) {
      return Kind.CARD_RESET;
    }
    if (text.contains("SCARD_E_NO_SERVICE") || text.contains("SCARD_E_SERVICE_STOPPED")) {
      return Kind.NO_SERVICE;
    }
    if (text.contains("SCARD_E_NO_READERS_AVAILABLE")
        || text.contains("SCARD_E_UNKNOWN_READER")
        || text.contains("SCARD_E_READER_UNAVAILABLE")) {
      return Kind.NO_READER;
    }
    return Kind.TRANSMIT_FAILED;
  }

  /**
   * The exception the card path throws for a PC/SC failure during a command: {@link
   * CardRemovedException} for a removal or a reset by another program, {@link
   * PcscUnavailableException} when the service went away, {@link NoReaderException} when the reader
   * did, {@link TransmitFailedException} otherwise.
   */
  public static TransportException translate(CardException e) {
    return switch (kind(e)) {
      case CARD_REMOVED -> new CardRemovedException("the card was removed", e);
      case CARD_RESET -> new CardRemovedException("the card was reset by another program", e);
      case NO_SERVICE ->
          new PcscUnavailableException("the PC/SC service stopped (" + code(e) + ")", e);
      case NO_READER -> new NoReaderException("the card reader is gone (" + code(e) + ")", e);
      case TRANSMIT_FAILED ->
          new TransmitFailedException(
              "the card reader could not carry the" + " command (" + code(e) + ")", e);
    };
  }

  /**
   * The words of a PC/SC return code, for a caller of the C API itself: {@code "SCardTransmit
   * failed: SCARD_W_REMOVED_CARD (0x80100069)"}, so that {@link #kind} classifies it like the
   * providers' exceptions.
   */
  public static String describe(String function, int code) {
    String name =
        switch (code) {
          case 0x80100069 -> "SCARD_W_REMOVED_CARD";
          case 0x8010000C -> "SCARD_E_NO_SMARTCARD";
          case 0x80100068 -> "SCARD_W_RESET_CARD";
          case 0x8010001D -> "SCARD_E_NO_SERVICE";
          case 0x8010001E -> "SCARD_E_SERVICE_STOPPED";
          case 0x8010002E -> "SCARD_E_NO_READERS_AVAILABLE";
          case 0x80100009 -> "SCARD_E_UNKNOWN_READER";
          case 0x80100017 -> "SCARD_E_READER_UNAVAILABLE";
          case 0x80100016 -> "SCARD_E_NOT_TRANSACTED";
          case 0x80100003 -> "SCARD_E_INVALID_HANDLE";
          case 0x80100013 -> "SCARD_F_COMM_ERROR";
          case 0x80100008 -> "SCARD_E_INSUFFICIENT_BUFFER";
          default -> "PC/SC error";
        };
    return String.format("%s failed: %s (0x%08X)", function, name, code);
  }

  /** The {@code SCARD_*} code named in the failure, or its message when it names none. */
  static String code(Throwable e) {
    String text = text(e);
    int at = text.indexOf("SCARD_");
    if (at < 0) {
      return String.valueOf(e.getMessage());
    }
    int end = at;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      end++;
    }
    return text.substring(at, end);
  }

  private static String text(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null && s.length() < 4096; t = t.getCause()) {
      s.append(t.getMessage()).append(' ');
    }
    return s.toString().toUpperCase(Locale.ROOT);
  }
}
