package io.github.jpki4j.pdf;

import io.github.jpki4j.signing.SignatureFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

/**
 * Adds one signature to a PDF by an incremental update: the original bytes stay as they are
 * (earlier signatures stay valid), and a new revision appends the signature dictionary ({@code
 * /Filter /Adobe.PPKLite}, {@code /SubFilter /adbe.pkcs7.detached}), its field and widget. The CMS
 * over the {@code /ByteRange} bytes comes from a {@link CmsMaker}, streamed: the PDF is never held
 * in memory whole. The input is never written; the output appears only when complete.
 */
public final class PdfSigner {
  private PdfSigner() {}

  /** Makes the detached CMS SignedData over the bytes to sign (the card, or any key). */
  @FunctionalInterface
  public interface CmsMaker {
    byte[] sign(InputStream content, Instant signingTime)
        throws IOException, GeneralSecurityException, SignatureFormatException;
  }

  /**
   * The default output for {@code input}: {@code NAME-signed.pdf} beside it.
   *
   * @return the path, never {@code input} itself
   */
  public static Path defaultOutput(Path input) {
    String name = input.getFileName().toString();
    String stem =
        name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")
            ? name.substring(0, name.length() - 4)
            : name;
    return input.resolveSibling(stem + "-signed.pdf");
  }

  /**
   * Refuses what {@link #sign} would refuse about the files themselves, before anything costs a PIN
   * try: an output that exists, an input that is encrypted, damaged or closed to changes, a stamp
   * on a page the PDF does not have.
   *
   * @param stamp the visible stamp asked for, or null
   */
  public static void requireSignable(Path input, Path output, VisibleStamp stamp)
      throws IOException, PdfRefusedException {
    if (Files.exists(output)) {
      throw new PdfRefusedException(
          output + " already exists: give another output file with -o, or remove it first");
    }
    try (PDDocument doc = PdfInput.openForSigning(input)) {
      if (stamp != null) {
        SignatureStamp.requirePage(doc, stamp);
      }
    }
  }

  /**
   * Signs {@code input} into {@code output} (which must not exist yet, and is not {@code input}).
   *
   * @throws PdfRefusedException the PDF is encrypted, damaged, forbids changes, or the CMS is too
   *     large; the message says which
   */
  public static void sign(Path input, Path output, SignatureRequest request, CmsMaker maker)
      throws IOException, GeneralSecurityException, SignatureFormatException, PdfRefusedException {
    Path target = output.toAbsolutePath();
    if (Files.exists(target)) {
      throw new PdfRefusedException(
          output + " already exists: give another output file with -o, or remove it first");
    }
    Path dir = target.getParent();
    Path part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    boolean done = false;
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (PDDocument doc = PdfInput.openForSigning(input);
        SignatureOptions options = new SignatureOptions()) {
      PDSignature signature = new PDSignature();
      signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
      signature.setName(request.name());
      if (request.reason() != null) {
        signature.setReason(request.reason());
      }
      if (request.location() != null) {
        signature.setLocation(request.location());
      }
      if (request.contact() != null) {
        signature.setContactInfo(request.contact());
      }
      signature.setSignDate(calendar(now));
      options.setPreferredSignatureSize(request.reservedBytes());
      if (request.stamp() != null) {
        SignatureStamp.apply(doc, options, request, now);
      }
      doc.addSignature(signature, options);
      try (OutputStream out = Files.newOutputStream(part)) {
        ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
        byte[] cms;
        try (InputStream content = external.getContent()) {
          cms = maker.sign(content, now);
        }
        if (cms.length > request.reservedBytes()) {
          throw new PdfRefusedException(
              "the signature ("
                  + cms.length
                  + " bytes) is larger than the room kept for it ("
                  + request.reservedBytes()
                  + " bytes)");
        }
        external.setSignature(cms);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(part);
      }
    }
  }

  // the local zone, as a person reads /M (e.g. +09'00' in Japan); PDFBox writes the offset
  private static Calendar calendar(Instant t) {
    Calendar c = new GregorianCalendar(TimeZone.getDefault());
    c.setTimeInMillis(t.toEpochMilli());
    c.set(Calendar.MILLISECOND, 0);
    return c;
  }
}
