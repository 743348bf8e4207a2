package io.github.jpki4j.pdf;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** PDFs made in the tests, with PDFBox: nothing binary is kept in the repository. */
final class TestPdfs {
  private TestPdfs() {}

  /** A document of {@code pages} pages with a line of text on each. */
  static Path letter(Path file, int pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (int i = 1; i <= pages; i++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, 700);
          cs.showText("Letter of resignation, page " + i);
          cs.endText();
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }
}
