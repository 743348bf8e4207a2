package io.github.jpki4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.signing.Timestamper;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.OpenSslTsa;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpki cms sign|verify} on a persistent simulated card, checked by OpenSSL: {@code openssl
 * cms -verify} with the card's CA certificate as the trust anchor (never {@code -noverify}) accepts
 * the signature and catches a tampered file.
 */
@RequiresTools({ExternalTool.OPENSSL, ExternalTool.SCRIPT})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CmsCommandTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();

  @TempDir Path dir;
  private Path card;
  private Path doc;

  @BeforeEach
  void setUp() throws Exception {
    card = dir.resolve("card");
    doc = dir.resolve("contract.txt");
    Files.writeString(doc, "契約書: the parties agree.\n", StandardCharsets.UTF_8);
  }

  private static Run jpki(String stdin, String... args) {
    return Run.of(stdin, args);
  }

  private Path pem(String name, X509Certificate cert) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, CertCommand.pem(cert.getEncoded()), StandardCharsets.US_ASCII);
    return p;
  }

  /** openssl cms -verify, as the issue gives it; never -noverify. */
  // jpki cms sign with the signature key, consenting to share the certificate's personal data
  private Run signWithSignatureKey(String password) {
    return jpki(
        password + "\n",
        "--simulator=" + card,
        "cms",
        "sign",
        "--share-personal-data",
        "--pin-stdin",
        doc.toString());
  }

  private static Run openssl(Path p7s, Path content, Path caPem) throws Exception {
    List<String> cmd =
        List.of(
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            p7s.toString(),
            "-content",
            content.toString(),
            "-CAfile",
            caPem.toString(),
            "-purpose",
            "any",
            "-out",
            "/dev/null");
    TestProcess.Result r;
    try {
      r = TestProcess.of(cmd).timeout(Duration.ofSeconds(60)).run();
    } catch (java.io.IOException e) {
      fail("openssl is needed (Debian package openssl): " + e.getMessage());
      return null;
    }
    return new Run(r.exit(), r.out(), r.err());
  }

  private PinState pins() throws Exception {
    try (VirtualCard c = VirtualCard.open(card)) {
      return c.pinState();
    }
  }

  private static List<X509CertificateHolder> certificates(CMSSignedData signed) {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> all = signed.getCertificates().getMatches(null);
    return new ArrayList<>(all);
  }

  @Test
  void theSignatureKeyMakesADetachedDerSignedDataThatOpensslAccepts() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    Run r = signWithSignatureKey("ABC123");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("name, address, birth date and sex"), r.toString());
    Path p7s = Path.of(doc + ".p7s");
    byte[] der = Files.readAllBytes(p7s);

    // the structure: detached, DER, the certificate and its CA, the signing time
    assertArrayEquals(der, ASN1Primitive.fromByteArray(der).getEncoded(ASN1Encoding.DER));
    CMSSignedData signed = new CMSSignedData(der);
    assertNull(signed.getSignedContent(), "detached");
    // a DER SET OF is sorted, so the order in the file is the encoding's, not the chain's
    assertEquals(
        Set.of(
            new X509CertificateHolder(ID.signCertificate().getEncoded()),
            new X509CertificateHolder(ID.signCaCertificate().getEncoded())),
        new HashSet<>(certificates(signed)));
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    assertEquals(1, signed.getSignerInfos().size());
    assertEquals(NISTObjectIdentifiers.id_sha256, signer.getDigestAlgorithmID().getAlgorithm());
    Attribute time = signer.getSignedAttributes().get(CMSAttributes.signingTime);
    Instant signedAt = Time.getInstance(time.getAttrValues().getObjectAt(0)).getDate().toInstant();
    assertTrue(!signedAt.isBefore(before) && !signedAt.isAfter(Instant.now()), signedAt + "");

    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    Run ok = openssl(p7s, doc, ca);
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.err().contains("Verification successful"), ok.toString());

    Files.writeString(doc, "契約書: the parties agree to nothing.\n", StandardCharsets.UTF_8);
    Run tampered = openssl(p7s, doc, ca);
    assertNotEquals(0, tampered.exit(), tampered.toString());
    assertTrue(tampered.err().contains("Verification failure"), tampered.toString());

    Run wrongCa = openssl(p7s, doc, pem("auth-ca.pem", ID.authCaCertificate()));
    assertNotEquals(0, wrongCa.exit(), wrongCa.toString());
    assertEquals(PinState.defaults(), pins());
  }

  @Test
  void withoutATerminalTheSignatureKeyNeedsConsentFirst() throws Exception {
    Run r = jpki("ABC123\n", "--simulator=" + card, "cms", "sign", "--pin-stdin", doc.toString());
    assertEquals(ExitCodes.PIN_NOT_SENT, r.exit(), r.toString());
    assertTrue(r.err().contains("name, address, birth date and sex"), r.toString());
    assertTrue(r.err().contains("--share-personal-data"), r.toString());
    assertFalse(Files.exists(Path.of(doc + ".p7s")));
    assertEquals(PinState.defaults(), pins());
  }

  /**
   * With a terminal (script(1) gives the child JVM one) the command asks y/N before the signature
   * password; only "y" goes on to the password prompt.
   */
  private Run onATerminal(String... answers) throws Exception {
    StringBuilder command = new StringBuilder();
    for (String part :
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "--simulator=" + card,
            "cms",
            "sign",
            doc.toString())) {
      command.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Process p =
        new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
            .redirectErrorStream(true)
            .start();
    StringBuilder seen = new StringBuilder();
    try (var out = p.getInputStream();
        var in = p.getOutputStream()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (int i = 0; i < answers.length; i += 2) {
        while (seen.indexOf(answers[i]) < 0) {
          int c = out.read();
          assertTrue(c >= 0 && System.nanoTime() < deadline, "no '" + answers[i] + "': " + seen);
          seen.append((char) c);
        }
        in.write((answers[i + 1] + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
      }
      seen.append(new String(out.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    return new Run(p.exitValue(), seen.toString(), "");
  }

  @Test
  void onATerminalTheSignatureKeyAsksYesOrNoBeforeThePassword() throws Exception {
    Run no = onATerminal("Share them and sign? [y/N] ", "n");
    assertEquals(ExitCodes.PIN_NOT_SENT, no.exit(), no.toString());
    assertFalse(no.out().contains("Signature password"), no.toString());
    assertFalse(Files.exists(Path.of(doc + ".p7s")));

    Run yes =
        onATerminal(
            "Share them and sign? [y/N] ",
            "y",
            "Signature password (6-16 letters A-Z and digits, 5 of 5 tries left): ",
            "ABC123");
    assertEquals(0, yes.exit(), yes.toString());
    assertFalse(yes.out().contains("ABC123"), "the password was echoed: " + yes);
    assertTrue(Files.exists(Path.of(doc + ".p7s")));
  }

  @Test
  void theAuthKeySignsWithTheAuthPinAndNamesNobody() throws Exception {
    Run r =
        jpki(
            "1234\n",
            "--simulator=" + card,
            "cms",
            "sign",
            "--key",
            "auth",
            "--digest",
            "sha512",
            "--pin-stdin",
            doc.toString());
    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.err().contains("address"), r.toString());
    Path p7s = Path.of(doc + ".p7s");
    CMSSignedData signed = new CMSSignedData(Files.readAllBytes(p7s));
    assertEquals(
        Set.of(
            new X509CertificateHolder(ID.authCertificate().getEncoded()),
            new X509CertificateHolder(ID.authCaCertificate().getEncoded())),
        new HashSet<>(certificates(signed)));
    assertEquals(
        NISTObjectIdentifiers.id_sha512,
        signed
            .getSignerInfos()
            .getSigners()
            .iterator()
            .next()
            .getDigestAlgorithmID()
            .getAlgorithm());
    Run ok = openssl(p7s, doc, pem("auth-ca.pem", ID.authCaCertificate()));
    assertEquals(0, ok.exit(), ok.toString());
  }

  @Test
  void aWrongPasswordSignsNothing() throws Exception {
    Run r = signWithSignatureKey("XYZ999");
    assertEquals(ExitCodes.WRONG_PIN, r.exit(), r.toString());
    assertFalse(Files.exists(Path.of(doc + ".p7s")));
    assertEquals(4, pins().signTriesLeft());
  }

  @Test
  void verifyNeedsNoCardWithACaFile() throws Exception {
    Run s = signWithSignatureKey("ABC123");
    assertEquals(0, s.exit(), s.toString());
    Path p7s = Path.of(doc + ".p7s");
    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    Path noCard = dir.resolve("no-card-here");

    // a simulator directory that would be created if the command opened a card
    Instant before = Instant.now().minusSeconds(1);
    Run ok =
        jpki("", "--simulator=" + noCard, "cms", "verify", p7s.toString(), "--ca", ca.toString());
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(
        ok.out()
            .startsWith(
                "Good signature by " + ID.signCertificate().getSubjectX500Principal().getName()),
        ok.toString());
    assertTrue(ok.out().contains("\n  integrity: good (SHA-256, "), ok.toString());
    assertTrue(
        ok.out()
            .contains(
                "\n  chain: good, to the given root "
                    + ID.signCaCertificate().getSubjectX500Principal().getName()
                    + "\n"),
        ok.toString());
    Instant checkedAt = shownTime(ok.out(), "  checked at: ", " (now)");
    assertFalse(checkedAt.isBefore(before.minusSeconds(1)) || checkedAt.isAfter(Instant.now()));
    assertTrue(ok.out().contains("\n  claimed signing time: "), ok.toString());
    assertTrue(ok.out().contains(" (the signer's own clock; not used)\n"), ok.toString());
    assertTrue(ok.out().contains("\n  timestamp: none\n"), ok.toString());
    assertTrue(ok.out().contains("\n  revocation: not checked"), ok.toString());
    assertFalse(Files.exists(noCard), "no card was opened");

    Run explicit =
        jpki(
            "",
            "--simulator=" + noCard,
            "cms",
            "verify",
            p7s.toString(),
            doc.toString(),
            "--ca",
            ca.toString());
    assertEquals(0, explicit.exit(), explicit.toString());

    Run wrongCa =
        jpki(
            "",
            "--simulator=" + noCard,
            "cms",
            "verify",
            p7s.toString(),
            "--ca",
            pem("auth-ca.pem", ID.authCaCertificate()).toString());
    assertEquals(ExitCodes.FAILURE, wrongCa.exit(), wrongCa.toString());
    assertTrue(wrongCa.err().contains("does not chain to a trusted CA"), wrongCa.toString());
    assertTrue(
        wrongCa
            .out()
            .contains(
                "\n  chain: BAD: the chain ends in an unknown root: "
                    + ID.signCaCertificate().getSubjectX500Principal().getName()),
        wrongCa.toString());

    Files.writeString(doc, "something else\n");
    Run bad =
        jpki("", "--simulator=" + noCard, "cms", "verify", p7s.toString(), "--ca", ca.toString());
    assertEquals(ExitCodes.FAILURE, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("BAD signature"), bad.toString());
    assertTrue(
        bad.out()
            .contains(
                "\n  integrity: BAD: the content has changed: its digest differs from the"
                    + " signed messageDigest"),
        bad.toString());
    assertTrue(bad.out().contains("\n  revocation: not checked"), bad.toString());
    assertFalse(Files.exists(noCard), "no card was opened");
  }

  /** The UTC time printed after {@code label} on its line, which ends with {@code suffix}. */
  private static Instant shownTime(String out, String label, String suffix) {
    for (String line : out.split("\n")) {
      if (line.startsWith(label) && line.endsWith(suffix)) {
        String t = line.substring(label.length(), line.length() - suffix.length());
        return java.time.LocalDateTime.parse(t.replace(" UTC", "").replace(' ', 'T'))
            .toInstant(java.time.ZoneOffset.UTC);
      }
    }
    fail("no line '" + label + "...'" + suffix + "' in\n" + out);
    return null;
  }

  /**
   * The simulated card's CA is a test root, not a J-LIS root: without --ca the chain ends in an
   * unknown root, and the message says how to trust it. The card is not opened: trust never comes
   * from the card.
   */
  @Test
  void withoutCaTheSimulatedCardsTestRootIsUnknownAndTheMessageSaysHowToTrustIt() throws Exception {
    Run s =
        jpki(
            "1234\n",
            "--simulator=" + card,
            "cms",
            "sign",
            "--key",
            "auth",
            "--pin-stdin",
            doc.toString());
    assertEquals(0, s.exit(), s.toString());
    Path noCard = dir.resolve("no-card-here");
    Run r = jpki("", "--simulator=" + noCard, "cms", "verify", doc + ".p7s");
    assertEquals(ExitCodes.FAILURE, r.exit(), r.toString());
    assertFalse(Files.exists(noCard), "no card was opened");
    assertTrue(r.out().startsWith("BAD signature by "), r.toString());
    assertTrue(r.out().contains("\n  integrity: good"), r.toString());
    assertTrue(
        r.out()
            .contains(
                "\n  chain: BAD: the chain ends in an unknown root: "
                    + ID.authCaCertificate().getSubjectX500Principal().getName()
                    + "\n"),
        r.toString());
    assertTrue(r.out().contains("\n  revocation: not checked"), r.toString());
    assertTrue(r.err().contains("jpki cert sign-ca > ca.pem"), r.toString());
    assertTrue(r.err().contains("--ca ca.pem"), r.toString());

    // as the message says: the card's CA from jpki cert, then --ca
    Run caPem = jpki("", "--simulator=" + card, "cert", "auth-ca");
    assertEquals(0, caPem.exit(), caPem.toString());
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, caPem.out(), StandardCharsets.US_ASCII);
    Run ok =
        jpki("", "--simulator=" + noCard, "cms", "verify", doc + ".p7s", "--ca", ca.toString());
    assertEquals(0, ok.exit(), ok.toString());
  }

  @Test
  void aCertificateExpiredAtTheGivenTimeIsBadAndAGoodTimeIsGood() throws Exception {
    Run s = signWithSignatureKey("ABC123");
    assertEquals(0, s.exit(), s.toString());
    Path p7s = Path.of(doc + ".p7s");
    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    // the card's certificate lasts five years from late 2025: in 2041 it has long expired
    Run expired =
        jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString(), "--at", "2041-01-01");
    assertEquals(ExitCodes.FAILURE, expired.exit(), expired.toString());
    assertTrue(
        expired
            .out()
            .contains(
                "\n  chain: BAD: the certificate expired on "
                    + ID.signCertificate().getNotAfter().toInstant()
                    + " (checked at 2041-01-01T00:00:00Z)\n"),
        expired.toString());
    assertTrue(
        expired
            .out()
            .contains("\n  checked at: 2041-01-01 00:00:00 UTC (the time given with --at)"),
        expired.toString());
    assertTrue(expired.err().contains("BAD signature"), expired.toString());

    Instant inside = ID.signCertificate().getNotBefore().toInstant().plusSeconds(3600);
    Run given =
        jpki(
            "",
            "cms",
            "verify",
            p7s.toString(),
            "--ca",
            ca.toString(),
            "--at",
            inside.atOffset(java.time.ZoneOffset.ofHours(9)).toString());
    assertEquals(0, given.exit(), given.toString());
    assertEquals(inside, shownTime(given.out(), "  checked at: ", " (the time given with --at)"));

    Run nonsense =
        jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString(), "--at", "next week");
    assertEquals(ExitCodes.USAGE, nonsense.exit(), nonsense.toString());
    assertTrue(nonsense.err().contains("--at takes an ISO-8601 instant"), nonsense.toString());
  }

  /**
   * A signature timestamped by a real RFC 3161 authority (openssl ts on 127.0.0.1): checked at the
   * token's time with --tsa-ca; without it the authority is unknown; a token over other bytes is
   * caught; --at still wins over the token.
   */
  @Test
  void aTimestampGivesTheTimeAndABadOneIsReported() throws Exception {
    Run s = signWithSignatureKey("ABC123");
    assertEquals(0, s.exit(), s.toString());
    Path p7s = Path.of(doc + ".p7s");
    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    byte[] plain = Files.readAllBytes(p7s);
    try (OpenSslTsa tsa = OpenSslTsa.start(dir.resolve("tsa"))) {
      Files.write(p7s, new Timestamper(tsa.url()).timestamp(plain));
      String tsaCa = tsa.rootCertificate().toString();

      Run ok = jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString(), "--tsa-ca", tsaCa);
      assertEquals(0, ok.exit(), ok.toString());
      Instant stampedAt = shownTime(ok.out(), "  checked at: ", " (the timestamp's time)");
      assertTrue(
          ok.out()
              .contains(
                  "\n  timestamp: "
                      + CertificateText.DATE.format(stampedAt)
                      + " by CN=jpki4j test TSA,O=jpki4j test,C=JP, good\n"),
          ok.toString());

      Run unknownTsa = jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString());
      assertEquals(ExitCodes.FAILURE, unknownTsa.exit(), unknownTsa.toString());
      assertTrue(
          unknownTsa
              .out()
              .contains(
                  ", BAD: the timestamp authority's certificate does not chain to a trusted"
                      + " root: the chain ends in an unknown root: CN=jpki4j test TSA root"),
          unknownTsa.toString());
      shownTime(unknownTsa.out(), "  checked at: ", " (now)");

      Run later =
          jpki(
              "",
              "cms",
              "verify",
              p7s.toString(),
              "--ca",
              ca.toString(),
              "--tsa-ca",
              tsaCa,
              "--at",
              "2041-01-01T00:00:00Z");
      assertEquals(ExitCodes.FAILURE, later.exit(), later.toString());
      assertTrue(
          later.out().contains("\n  chain: BAD: the certificate expired on "), later.toString());

      // a genuine token, but over other bytes than this signature value
      Files.write(p7s, withToken(plain, tsa.token("other bytes".getBytes(StandardCharsets.UTF_8))));
      Run other =
          jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString(), "--tsa-ca", tsaCa);
      assertEquals(ExitCodes.FAILURE, other.exit(), other.toString());
      assertTrue(
          other
              .out()
              .contains(", BAD: the timestamp is over other bytes, not this signature value\n"),
          other.toString());
      shownTime(other.out(), "  checked at: ", " (now)");
      assertTrue(
          other.err().contains("the timestamp is over other bytes, not this signature value"),
          other.toString());
    }
  }

  /** {@code cms} with {@code token} as its signer's id-aa-signatureTimeStampToken. */
  private static byte[] withToken(byte[] cms, byte[] token) throws Exception {
    CMSSignedData signed = new CMSSignedData(cms);
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    Attribute stamp =
        new Attribute(
            PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
            new org.bouncycastle.asn1.DERSet(ASN1Primitive.fromByteArray(token)));
    SignerInformation stamped =
        SignerInformation.replaceUnsignedAttributes(
            signer, new org.bouncycastle.asn1.cms.AttributeTable(stamp));
    return CMSSignedData.replaceSigners(
            signed, new org.bouncycastle.cms.SignerInformationStore(stamped))
        .getEncoded(ASN1Encoding.DER);
  }

  /** A signature whose signingTime says 2020, long before the card's certificate existed. */
  @Test
  void aSigningTimeInThePastIsOnlyClaimedAndTheChainIsCheckedNow() throws Exception {
    Instant claimed = Instant.parse("2020-02-02T02:02:02Z");
    Path p7s = Path.of(doc + ".p7s");
    Files.write(p7s, signedWithClaimedTime(claimed));
    Path ca = pem("sign-ca.pem", ID.signCaCertificate());
    Instant before = Instant.now().minusSeconds(1);
    Run r = jpki("", "cms", "verify", p7s.toString(), "--ca", ca.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(
        r.out()
            .contains(
                "\n  claimed signing time: 2020-02-02 02:02:02 UTC (the signer's own clock; not"
                    + " used)\n"),
        r.toString());
    Instant checkedAt = shownTime(r.out(), "  checked at: ", " (now)");
    assertFalse(checkedAt.isBefore(before.minusSeconds(1)), checkedAt + "");
  }

  /** Detached CMS by the simulated card's signature key, with the signingTime {@code claimed}. */
  private byte[] signedWithClaimedTime(Instant claimed) throws Exception {
    org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
    v.add(
        new Attribute(
            CMSAttributes.signingTime,
            new org.bouncycastle.asn1.DERSet(new Time(java.util.Date.from(claimed)))));
    org.bouncycastle.cms.CMSSignedDataGenerator g =
        new org.bouncycastle.cms.CMSSignedDataGenerator();
    g.addSignerInfoGenerator(
        new org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder(
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder().build())
            .setSignedAttributeGenerator(
                new org.bouncycastle.cms.DefaultSignedAttributeTableGenerator(
                    new org.bouncycastle.asn1.cms.AttributeTable(v)))
            .build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                    .build(ID.signPrivateKey()),
                ID.signCertificate()));
    g.addCertificates(
        new org.bouncycastle.cert.jcajce.JcaCertStore(
            List.of(ID.signCertificate(), ID.signCaCertificate())));
    return g.generate(new org.bouncycastle.cms.CMSProcessableFile(doc.toFile()), false)
        .getEncoded(ASN1Encoding.DER);
  }

  @Test
  void verifyRefusesAFileThatIsNoSignature() throws Exception {
    Path junk = dir.resolve("contract.txt.p7s");
    Files.writeString(junk, "not a signature");
    Run r =
        jpki(
            "",
            "--simulator=" + dir.resolve("none"),
            "cms",
            "verify",
            junk.toString(),
            "--ca",
            pem("sign-ca.pem", ID.signCaCertificate()).toString());
    assertEquals(ExitCodes.FAILURE, r.exit(), r.toString());
    assertTrue(r.err().contains("is not a CMS signature"), r.toString());

    Run junkCa = jpki("", "cms", "verify", junk.toString(), "--ca", junk.toString());
    assertEquals(ExitCodes.FAILURE, junkCa.exit(), junkCa.toString());
    assertEquals("jpki: " + junk + " holds no certificate in PEM or DER\n", junkCa.err());
  }
}
