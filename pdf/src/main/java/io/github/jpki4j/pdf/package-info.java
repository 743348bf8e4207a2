/**
 * PDF signatures in the profile the Legal Affairs Bureau's online filing accepts ({@code
 * docs/document-signing.md}): {@link io.github.jpki4j.pdf.PdfSigner} adds an {@code
 * adbe.pkcs7.detached} signature by an incremental update, with the CMS made elsewhere (the card,
 * through the {@code signing} module); {@link io.github.jpki4j.pdf.PdfVerifier} checks every
 * signature of a PDF made by any program against that profile. Apache PDFBox parses and writes the
 * PDF.
 */
package io.github.jpki4j.pdf;
