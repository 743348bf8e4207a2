package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.pin.Terminal;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jpki cert [auth|auth-ca|sign|sign-ca] [--format pem|der|text] [-o FILE]}. */
@Command(
    name = "cert",
    description = {
      "Print a certificate of the card.",
      "The signature certificate (sign) needs the signature password and holds your name,"
          + " address, birth date and sex."
    })
final class CertCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;
  @Mixin PinOptions pinOptions;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "auth",
      paramLabel = "auth|auth-ca|sign|sign-ca",
      converter = CertificateConverter.class,
      description = "Which certificate. Default: auth.")
  JpkiCertificate which;

  @Option(
      names = "--format",
      defaultValue = "pem",
      paramLabel = "pem|der|text",
      description = "Output format. Default: pem.")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE.")
  Path output;

  enum Format {
    pem,
    der,
    text
  }

  @Override
  public Integer call() throws Exception {
    if (format == Format.der && output == null && Terminal.present()) {
      root.err.println("jpki: DER is binary: use -o FILE or redirect the output");
      return ExitCodes.USAGE;
    }
    X509Certificate cert;
    String chainsTo = null;
    try (CardConnector.Session s = root.connector().open()) {
      if (which == JpkiCertificate.SIGN) {
        s.card().requireSignatureKeyPair();
        root.err.println(
            "jpki: the signature certificate holds your name, address, birth date" + " and sex");
        root.pinPrompter(pinOptions).verify(s.card(), JpkiPin.SIGN);
      }
      cert = s.card().readCertificate(which);
      if (format == Format.text) {
        chainsTo = CardTrust.describe(cert, issuerOnCard(s, which), Instant.now());
      }
    }
    byte[] bytes =
        switch (format) {
          case der -> cert.getEncoded();
          case pem -> pem(cert.getEncoded()).getBytes(StandardCharsets.US_ASCII);
          case text ->
              (CertificateText.render(cert, Clock.systemUTC()) + "Chains to:   " + chainsTo + "\n")
                  .getBytes(StandardCharsets.UTF_8);
        };
    if (output != null) {
      Files.write(output, bytes);
    } else {
      OutputStream out = root.out;
      out.write(bytes);
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The CA certificate on the card that issued {@code which}; null for the CA certificates. */
  private static X509Certificate issuerOnCard(CardConnector.Session s, JpkiCertificate which)
      throws Exception {
    return switch (which) {
      case AUTH -> s.card().readCertificate(JpkiCertificate.AUTH_CA);
      case SIGN -> s.card().readCertificate(JpkiCertificate.SIGN_CA);
      default -> null;
    };
  }

  static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
