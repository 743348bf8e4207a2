package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.pdf.PdfReport;
import io.github.jpki4j.pdf.PdfSigner;
import io.github.jpki4j.pdf.PdfVerifier;
import io.github.jpki4j.pdf.ReportJson;
import io.github.jpki4j.pdf.ReportText;
import io.github.jpki4j.pdf.SignatureRequest;
import io.github.jpki4j.pdf.SignerName;
import io.github.jpki4j.pdf.VisibleStamp;
import io.github.jpki4j.signing.Timestamper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki pdf sign|verify}: PDF signatures for the Legal Affairs Bureau's online filing
 * (adbe.pkcs7.detached, SHA-256 with RSA, by incremental update), made with the card and checked
 * against the filing rules before submitting. PDFBox loads only when one of these runs.
 */
@Command(
    name = "pdf",
    description = {
      "Sign PDFs with the card for online filings, and check them before submitting.",
      "The format is what the Legal Affairs Bureau's filing system (登記・供託オンライン申請)",
      "accepts; 'jpki pdf verify' checks any signed PDF against it, one rule per line."
    },
    subcommands = {PdfCommand.Sign.class, PdfCommand.Verify.class})
final class PdfCommand {
  @ParentCommand JpkiCommand root;

  /** {@code pdf sign IN.pdf [-o OUT.pdf]}. */
  @Command(
      name = "sign",
      description = {
        "Sign a PDF with the card, adding one signature by an incremental update:",
        "earlier signatures stay valid, the input is never changed. The default key",
        "is the signature key (署名用): its certificate goes into the PDF and holds",
        "your name, address, birth date and sex.",
        "Check the result with 'jpki pdf verify OUT.pdf' before submitting it."
      })
  static final class Sign implements Callable<Integer> {
    @ParentCommand PdfCommand pdf;
    @Mixin PinOptions pinOptions;

    @Parameters(index = "0", paramLabel = "IN.pdf", description = "The PDF to sign.")
    Path input;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "OUT.pdf",
        description = "Where to write the signed PDF. Default: IN-signed.pdf beside IN.pdf.")
    Path output;

    @Option(
        names = "--key",
        defaultValue = "sign",
        paramLabel = "sign|auth",
        description =
            "The card key: sign (default; the signature password, what filings need) or auth"
                + " (the auth PIN; filings do not accept it).")
    PinCommand.PinKind key;

    @Mixin ConsentOption consent;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The signer's name in the signature (/Name). Default: the certificate's.")
    String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why you sign (/Reason).")
    String reason;

    @Option(names = "--location", paramLabel = "TEXT", description = "Where (/Location).")
    String location;

    @Option(
        names = "--contact",
        paramLabel = "TEXT",
        description = "How to reach you (/ContactInfo).")
    String contact;

    @Option(
        names = "--visible",
        paramLabel = "PAGE:X,Y,W,H",
        converter = StampConverter.class,
        description =
            "Show a stamp (who, when) on page PAGE (from 1) in the rectangle X,Y,W,H, in"
                + " points from the lower left (e.g. 1:36,36,220,50). Default: invisible.")
    VisibleStamp visible;

    @Option(
        names = "--tsa",
        paramLabel = "URL",
        description =
            "Add an RFC 3161 timestamp from the authority at URL. The filing system may"
                + " refuse timestamped signatures: leave it out for filings.")
    URI tsa;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = pdf.root;
      QuietPdfBox.unlessVerbose(root);
      if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
        throw new NoSuchFileException(input.toString());
      }
      Path out = output != null ? output : PdfSigner.defaultOutput(input);
      if (Files.exists(out) && Files.isSameFile(out, input)) {
        root.err.println("jpki: the output would replace the input: give another -o");
        return ExitCodes.USAGE;
      }
      // everything about the files is refused before the card is asked for anything
      PdfSigner.requireSignable(input, out, visible);
      try (CardConnector.Session s = root.connector().open()) {
        CardSigningKey signingKey =
            CardSigningKey.unlock(root, s.card(), key, pinOptions, consent.given);
        if (signingKey == null) {
          return ExitCodes.PIN_NOT_SENT;
        }
        String shown = name != null ? name : SignerName.of(signingKey.chain().get(0));
        SignatureRequest request =
            new SignatureRequest(
                shown,
                reason,
                location,
                contact,
                visible,
                tsa == null ? SignatureRequest.ROOM : SignatureRequest.ROOM_WITH_TIMESTAMP);
        Timestamper timestamper = tsa == null ? null : new Timestamper(tsa);
        PdfSigner.sign(
            input,
            out,
            request,
            (content, time) -> {
              byte[] cms = signingKey.signDetached("SHA256withRSA", content, time);
              return timestamper == null ? cms : timestamper.timestamp(cms);
            });
      }
      root.err.println("Signed " + input + " -> " + out);
      root.err.println("Check it before submitting: jpki pdf verify " + out);
      return ExitCodes.OK;
    }
  }

  /** {@code pdf verify FILE.pdf [--ca CAFILE] [--at TIME] [--tsa-ca FILE] [--json]}. */
  @Command(
      name = "verify",
      description = {
        "Check every signature of a PDF (made by any program; no card needed):",
        "integrity, the chain to a J-LIS root (or --ca), the time used, what it",
        "covers, and each rule of the filing format, one PASS/FAIL/WARN line each.",
        "Revocation is not checked. Exit 0 only when nothing FAILs."
      })
  static final class Verify implements Callable<Integer> {
    @ParentCommand PdfCommand pdf;

    @Parameters(index = "0", paramLabel = "FILE.pdf", description = "The signed PDF.")
    Path file;

    @Mixin TrustOptions trust;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = pdf.root;
      QuietPdfBox.unlessVerbose(root);
      Instant time = trust.at(root.err);
      if (trust.atMalformed()) {
        return ExitCodes.USAGE;
      }
      PdfReport report = PdfVerifier.verify(file, trust.verifyOptions(time));
      if (json) {
        root.out.println(ReportJson.of(report));
      } else {
        ReportText.print(report, root.out);
      }
      return report.passes() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
  }

  /** Reads --visible, with its one-sentence message on a mistake. */
  static final class StampConverter implements picocli.CommandLine.ITypeConverter<VisibleStamp> {
    @Override
    public VisibleStamp convert(String value) {
      try {
        return VisibleStamp.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * PDFBox logs through java.util.logging (via commons-logging) to stderr, e.g. "Using fallback
   * font" for a stamp's Helvetica: only errors reach the user, everything with -v.
   */
  static final class QuietPdfBox {
    // held here: java.util.logging keeps loggers only weakly
    private static final java.util.logging.Logger PDFBOX =
        java.util.logging.Logger.getLogger("org.apache.pdfbox");

    private QuietPdfBox() {}

    static void unlessVerbose(JpkiCommand root) {
      if (!root.verbose) {
        PDFBOX.setLevel(java.util.logging.Level.SEVERE);
      }
    }
  }
}
