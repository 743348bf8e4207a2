package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.OpenSslTsa;
import io.github.jpki4j.testsupport.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tsa URL} of {@code cms sign} and {@code pdf sign} on the simulated card, with a real RFC
 * 3161 authority on 127.0.0.1: the token lands in the signer's unsigned attributes and the checks
 * use its time.
 */
@RequiresTools(ExternalTool.OPENSSL)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SignTimestampCommandTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @TempDir Path dir;

  private static Run jpki(String stdin, String... args) {
    return Run.of(stdin, args);
  }

  private Path signCa() throws Exception {
    Path p = dir.resolve("sign-ca.pem");
    Files.writeString(p, CertCommand.pem(ID.signCaCertificate().getEncoded()));
    return p;
  }

  @Test
  void cmsSignAddsATimestampThatCmsVerifyChecks() throws Exception {
    Path card = dir.resolve("card");
    Path doc = Files.writeString(dir.resolve("doc.txt"), "agreed\n");
    try (OpenSslTsa tsa = OpenSslTsa.start(dir.resolve("tsa"))) {
      Run r =
          jpki(
              "ABC123\n",
              "--simulator=" + card,
              "cms",
              "sign",
              "--share-personal-data",
              "--pin-stdin",
              "--tsa",
              tsa.url().toString(),
              doc.toString());
      assertEquals(0, r.exit(), r.toString());
      assertEquals(1, tsa.tokensIssued());
      CMSSignedData signed = new CMSSignedData(Files.readAllBytes(Path.of(doc + ".p7s")));
      SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
      assertTrue(
          signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken)
              != null);
      Run v =
          jpki(
              "",
              "cms",
              "verify",
              doc + ".p7s",
              "--ca",
              signCa().toString(),
              "--tsa-ca",
              tsa.rootCertificate().toString());
      assertEquals(0, v.exit(), v.toString());
    }
  }

  @Test
  void pdfSignAddsATimestampThatPdfVerifyFlags() throws Exception {
    Path card = dir.resolve("card");
    Path pdf = dir.resolve("letter.pdf");
    try (PDDocument d = new PDDocument()) {
      d.addPage(new PDPage());
      d.save(pdf.toFile());
    }
    try (OpenSslTsa tsa = OpenSslTsa.start(dir.resolve("tsa"))) {
      Run r =
          jpki(
              "ABC123\n",
              "--simulator=" + card,
              "pdf",
              "sign",
              "--share-personal-data",
              "--pin-stdin",
              "--tsa",
              tsa.url().toString(),
              pdf.toString());
      assertEquals(0, r.exit(), r.toString());
      assertEquals(1, tsa.tokensIssued());
      Run v =
          jpki(
              "",
              "pdf",
              "verify",
              dir.resolve("letter-signed.pdf").toString(),
              "--ca",
              signCa().toString(),
              "--tsa-ca",
              tsa.rootCertificate().toString());
      assertEquals(0, v.exit(), "a timestamp is a warning, not a failure: " + v);
      assertTrue(v.out().contains("WARN  timestamp: RFC 3161 at "), v.toString());
      assertTrue(v.out().contains("the verified timestamp's time"), v.toString());
    }
  }
}
