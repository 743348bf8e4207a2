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
