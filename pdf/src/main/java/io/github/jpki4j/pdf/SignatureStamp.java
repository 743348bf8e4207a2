package io.github.jpki4j.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * The visible stamp of a signature: a framed box on one page saying who signed and when. It is
 * drawn in Helvetica, which the PDF viewer supplies; a name with characters Helvetica lacks (a
 * Japanese name) is replaced by a pointer to the certificate, since no font is embedded.
 */
final class SignatureStamp {
  static final String NAME_ELSEWHERE = "(the name in the signature's certificate)";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

  private SignatureStamp() {}

  /** Puts the stamp's widget and appearance into {@code options}, for {@code addSignature}. */
  static void apply(
      PDDocument doc, SignatureOptions options, SignatureRequest request, Instant when)
      throws IOException, PdfRefusedException {
    VisibleStamp s = request.stamp();
    requirePage(doc, s);
    PDPage page = doc.getPage(s.page() - 1);
    PDRectangle rect = new PDRectangle(s.x(), s.y(), s.width(), s.height());
    PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    try (PDDocument template = new PDDocument()) {
      template.addPage(new PDPage(page.getMediaBox()));
      PDAcroForm form = new PDAcroForm(template);
      template.getDocumentCatalog().setAcroForm(form);
      PDSignatureField field = new PDSignatureField(form);
      PDAnnotationWidget widget = field.getWidgets().get(0);
      form.setSignaturesExist(true);
      form.setAppendOnly(true);
      form.getCOSObject().setDirect(true);
      form.getFields().add(field);
      widget.setRectangle(rect);

      PDFormXObject appearance = new PDFormXObject(new PDStream(template));
      appearance.setResources(new PDResources());
      appearance.setFormType(1);
      appearance.setBBox(new PDRectangle(s.width(), s.height()));
      PDAppearanceStream stream = new PDAppearanceStream(appearance.getCOSObject());
      PDAppearanceDictionary dictionary = new PDAppearanceDictionary();
      dictionary.getCOSObject().setDirect(true);
      dictionary.setNormalAppearance(stream);
      widget.setAppearance(dictionary);

      float size = Math.max(4, Math.min(10, s.height() / 3.6f));
      try (PDPageContentStream cs = new PDPageContentStream(template, stream)) {
        cs.setLineWidth(1);
        cs.addRect(0.5f, 0.5f, s.width() - 1, s.height() - 1);
        cs.stroke();
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(4, s.height() - size - 3);
        cs.showText("Digitally signed by " + printable(font, request.name()));
        cs.newLineAtOffset(0, -size * 1.25f);
        cs.showText("Date: " + WHEN.format(when.atZone(ZoneId.systemDefault())));
        if (request.reason() != null && encodable(font, request.reason())) {
          cs.newLineAtOffset(0, -size * 1.25f);
          cs.showText("Reason: " + request.reason());
        }
        cs.endText();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      template.save(bytes);
      options.setVisualSignature(new ByteArrayInputStream(bytes.toByteArray()));
      options.setPage(s.page() - 1);
    }
  }

  static void requirePage(PDDocument doc, VisibleStamp s) throws PdfRefusedException {
    int pages = doc.getNumberOfPages();
    if (s.page() > pages) {
      throw new PdfRefusedException(
          "the stamp's page " + s.page() + " is not there: the PDF has " + pages + " page(s)");
    }
  }

  // the text itself when the font has every character, else the pointer to the certificate
  private static String printable(PDFont font, String text) {
    return encodable(font, text) ? text : NAME_ELSEWHERE;
  }

  private static boolean encodable(PDFont font, String text) {
    try {
      font.encode(text);
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }
}
