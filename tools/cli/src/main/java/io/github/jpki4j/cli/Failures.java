package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.NoCardException;
import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinFormatException;
import io.github.jpki4j.jpki.WrongPinException;
import io.github.jpki4j.pin.PinEntryException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns an exception into what a person sees: one line on stderr ({@code jpki: …}) and an exit
 * code. A stack trace only with {@code -v}.
 */
final class Failures {
  private Failures() {}

  /** Reports the failure and returns the exit code. */
  static int report(Throwable e, PrintStream err, boolean verbose) {
    err.println("jpki: " + message(e));
    if (verbose) {
      e.printStackTrace(err);
    }
    return exitCode(e);
  }

  static String message(Throwable e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  static int exitCode(Throwable e) {
    if (e instanceof WrongPinException) {
      return ExitCodes.WRONG_PIN;
    }
    if (e instanceof PinBlockedException) {
      return ExitCodes.PIN_BLOCKED;
    }
    if (e instanceof PinFormatException
        || e instanceof LastTryRefusedException
        || e instanceof PinEntryException) {
      return ExitCodes.PIN_NOT_SENT;
    }
    if (e instanceof NotJpkiCardException n) {
      return n.certain() ? ExitCodes.NOT_JPKI : ExitCodes.FAILURE; // a failing card is not another
    }
    if (e instanceof NoReaderException
        || e instanceof NoCardException
        || e instanceof PcscUnavailableException
        || e instanceof CardRemovedException) {
      return ExitCodes.NO_CARD;
    }
    return ExitCodes.FAILURE;
  }
}
