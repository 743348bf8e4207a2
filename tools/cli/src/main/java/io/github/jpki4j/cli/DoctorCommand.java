package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.apdu.Atr;
import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.CountingTransport;
import io.github.jpki4j.apdu.PcscLibrary;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.DigestAlgorithm;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.pin.Terminal;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki doctor}: each layer between jpki and the card, checked in order, each on one line:
 * the PC/SC library (and where it was found), the PC/SC service, the readers, the card and its ATR,
 * the JPKI AP, the PIN counters (free), the auth certificate's validity, and, only when the user
 * agrees (it needs the auth PIN), the time of one signature.
 */
@Command(
    name = "doctor",
    description = {
      "Check everything between jpki and the card, one line each.",
      "",
      "In order: the PC/SC library (and where it was found) and service, the readers, the card"
          + " (ATR), the JPKI application, the PIN tries left (free), the auth certificate's"
          + " validity, and the time of one signature with the auth key (only with --sign or when"
          + " you answer yes on a terminal: it needs the auth PIN). [ok] fine, [--] skipped,"
          + " [!!] a problem. Exit code: that of the first problem."
    })
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;
  @Mixin PinOptions pinOptions;

  @Option(
      names = "--sign",
      description =
          "Time one signature with the auth key (asks for the"
              + " auth PIN; a wrong PIN costs a try). Without it, doctor asks on a terminal.")
  boolean sign;

  private int exit = ExitCodes.OK;

  @Override
  public Integer call() throws Exception {
    line(
        "ok",
        "Java",
        System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch"));
    CardConnector connector = root.connector();
    if (connector.simulated()) {
      line("--", "PC/SC", "not used: the simulated card in " + connector.simulatorDir());
    } else if (!pcsc()) {
      return exit;
    }
    CardConnector.Connection connection;
    try {
      connection = connector.connect();
    } catch (TransportException e) {
      problem("Card", e);
      return exit;
    }
    try (connection) {
      card(new CountingTransport(connection.transport()), connection.source());
    }
    return exit;
  }

  /** The PC/SC library, service and readers; false when a problem leaves no card to check. */
  private boolean pcsc() {
    PcscLibrary.Status library = PcscLibrary.status();
    line(
        library.source() == PcscLibrary.Source.USER && !library.exists() ? "!!" : "ok",
        "PC/SC library",
        library.describe());
    List<CardReaders.Reader> all;
    try {
      all = CardReaders.pcsc().list();
    } catch (TransportException e) {
      problem("PC/SC service", e);
      return false;
    }
    line("ok", "PC/SC service", "running");
    if (all.isEmpty()) {
      line("!!", "Readers", "none: connect a card reader");
      fail(ExitCodes.NO_CARD);
      return false;
    }
    for (CardReaders.Reader r : all) {
      line(
          "ok",
          r.index() == 0 ? "Readers" : "",
          r.index() + ": " + r.name() + "  " + (r.cardPresent() ? "card present" : "no card"));
    }
    return true;
  }

  /** The checks that need the card: ATR, AP, counters, certificate, signature. */
  private void card(CountingTransport t, String where) throws Exception {
    Atr atr = Atr.parse(t.atr());
    line(
        "ok",
        "Card",
        where + ", ATR " + atr + (atr.declaresExtendedLength() ? " (extended length)" : ""));
    long t0 = System.nanoTime();
    JpkiCard card;
    try {
      card = JpkiCard.open(t, root.readMode());
    } catch (NotJpkiCardException e) {
      line("!!", "JPKI AP", "not found: " + Failures.message(e));
      fail(ExitCodes.NOT_JPKI);
      return;
    }
    try (card) {
      line("ok", "JPKI AP", "selected in " + ms(t0));
      PinStatus auth = card.pinStatus(JpkiPin.AUTH);
      PinStatus signPin = card.pinStatus(JpkiPin.SIGN);
      pin("Auth PIN", auth);
      pin("Sign password", signPin);
      long before = t.apdus();
      t0 = System.nanoTime();
      X509Certificate cert = card.readCertificate(JpkiCertificate.AUTH);
      String took = ms(t0) + ", " + (t.apdus() - before) + " APDUs";
      String validity = CertificateText.validity(cert, Clock.systemUTC());
      boolean bad = validity.startsWith("EXPIRED") || validity.startsWith("not yet");
      line(
          bad ? "!!" : validity.startsWith("EXPIRES") ? "!!" : "ok",
          "Certificate",
          "auth, valid until "
              + CertificateText.DATE.format(cert.getNotAfter().toInstant())
              + " ("
              + validity
              + "); read in "
              + took);
      if (bad) {
        fail(ExitCodes.FAILURE);
      }
      signature(card, auth, t);
    }
  }

  private void signature(JpkiCard card, PinStatus auth, CountingTransport t) throws Exception {
    if (auth.blocked()) {
      line("--", "Signature", "skipped: the auth PIN is blocked");
      return;
    }
    if (!sign && !askConsent(auth)) {
      line(
          "--",
          "Signature",
          "skipped (--sign times one signature with the auth key; it asks" + " for the auth PIN)");
      return;
    }
    long t0 = System.nanoTime();
    root.pinPrompter(pinOptions).verify(card, JpkiPin.AUTH);
    String verify = ms(t0);
    byte[] digestInfo =
        DigestAlgorithm.SHA256.digestInfoOf("jpki doctor".getBytes(StandardCharsets.US_ASCII));
    long before = t.apdus();
    t0 = System.nanoTime();
    card.sign(JpkiKey.AUTH, digestInfo);
    line(
        "ok",
        "Signature",
        "auth key, RSA PKCS#1 v1.5 SHA-256: "
            + ms(t0)
            + " ("
            + (t.apdus() - before)
            + " APDUs, checked with the certificate's key); PIN verified in "
            + verify);
  }

  private boolean askConsent(PinStatus auth) throws IOException {
    Console console = Terminal.console();
    if (console == null || pinOptions.pinStdin) {
      return false;
    }
    root.err.print(
        "Time one signature with the auth key? It needs your auth PIN ("
            + auth.describe()
            + ") [y/N] ");
    root.err.flush();
    BufferedReader in = new BufferedReader(console.reader());
    String answer = in.readLine();
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
  }

  private void pin(String label, PinStatus status) {
    boolean blocked = status.blocked();
    line(
        blocked || status.lastTry() ? "!!" : "ok",
        label,
        status.describe()
            + (blocked
                ? ": reset it at your municipal office"
                : status.lastTry() ? ": one wrong entry blocks it" : ""));
    if (blocked && status.pin() == JpkiPin.AUTH) {
      fail(ExitCodes.PIN_BLOCKED);
    }
  }

  private void problem(String label, Exception e) {
    line("!!", label, Failures.message(e));
    fail(Failures.exitCode(e));
  }

  private void fail(int code) {
    if (exit == ExitCodes.OK) {
      exit = code;
    }
  }

  private void line(String mark, String label, String text) {
    root.out.printf("[%s] %-14s %s%n", mark, label, text);
    root.out.flush();
  }

  private static String ms(long t0) {
    return String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - t0) / 1e6);
  }
}
