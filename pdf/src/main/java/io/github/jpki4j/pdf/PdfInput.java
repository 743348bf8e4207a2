package io.github.jpki4j.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

/**
 * Opens PDFs from disk without reading them whole, and refuses, in one sentence each, the ones that
 * cannot take a signature: encrypted, damaged (the strict parser fails), or closed to changes by a
 * certifying signature (DocMDP P=1).
 */
final class PdfInput {
  private PdfInput() {}

  /** Opens {@code file} to add a signature to it. */
  static PDDocument openForSigning(Path file) throws IOException, PdfRefusedException {
    requireFile(file);
    PDDocument doc;
    try {
      RandomAccessReadBufferedFile source = new RandomAccessReadBufferedFile(file);
      try {
        doc = new StrictParser(source).parse();
      } catch (IOException | RuntimeException e) {
        source.close();
        throw e;
      }
    } catch (InvalidPasswordException e) {
      throw new PdfRefusedException(file + " is encrypted: a filing takes unencrypted PDFs", e);
    } catch (IOException | RuntimeException e) {
      throw new PdfRefusedException(
          file
              + " is damaged ("
              + e.getMessage()
              + "): rewrite it first, e.g. with qpdf "
              + file.getFileName()
              + " repaired.pdf",
          e);
    }
    try {
      if (doc.isEncrypted()) {
        throw new PdfRefusedException(file + " is encrypted: a filing takes unencrypted PDFs");
      }
      Integer p = docMdpPermission(doc);
      if (p != null && p == 1) {
        throw new PdfRefusedException(
            file + " is certified with no changes allowed (DocMDP P=1): it cannot be signed again");
      }
      return doc;
    } catch (PdfRefusedException e) {
      doc.close();
      throw e;
    }
  }

  /** Opens {@code file} to read its signatures: lenient, as other programs' PDFs vary. */
  static PDDocument openForReading(Path file) throws IOException, PdfRefusedException {
    requireFile(file);
    try {
      return Loader.loadPDF(file.toFile());
    } catch (InvalidPasswordException e) {
      throw new PdfRefusedException(file + " is encrypted with a password: it cannot be read", e);
    } catch (IOException e) {
      throw new PdfRefusedException(file + " is not a PDF that can be read: " + e.getMessage(), e);
    }
  }

  private static void requireFile(Path file) throws NoSuchFileException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new NoSuchFileException(file.toString());
    }
  }

  /**
   * The P of a certifying signature's DocMDP transform (from /Perms /DocMDP, or any signature's
   * /Reference), null when there is none; 2 when the transform gives none.
   */
  static Integer docMdpPermission(PDDocument doc) throws IOException {
    Integer found = null;
    COSDictionary perms = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
    if (perms != null) {
      found = min(found, docMdpOf(perms.getCOSDictionary(COSName.DOCMDP)));
    }
    for (PDSignature s : doc.getSignatureDictionaries()) {
      found = min(found, docMdpOf(s.getCOSObject()));
    }
    return found;
  }

  private static Integer docMdpOf(COSDictionary signature) {
    if (signature == null) {
      return null;
    }
    COSArray references = signature.getCOSArray(COSName.REFERENCE);
    if (references == null) {
      return null;
    }
    Integer found = null;
    for (int i = 0; i < references.size(); i++) {
      COSBase b = references.getObject(i);
      if (b instanceof COSDictionary ref
          && COSName.DOCMDP.equals(ref.getCOSName(COSName.TRANSFORM_METHOD))) {
        COSDictionary params = ref.getCOSDictionary(COSName.TRANSFORM_PARAMS);
        found = min(found, params == null ? 2 : params.getInt(COSName.P, 2));
      }
    }
    return found;
  }

  private static Integer min(Integer a, Integer b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Integer.valueOf(Math.min(a, b));
  }

  /** PDFBox's parser with its repairs turned off: a damaged file fails instead. */
  private static final class StrictParser extends PDFParser {
    StrictParser(RandomAccessReadBufferedFile source) throws IOException {
      super(source);
      setLenient(false);
    }
  }
}
