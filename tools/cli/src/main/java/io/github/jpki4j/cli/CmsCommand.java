package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jca.JpkiLoadParameter;
import io.github.jpki4j.jca.JpkiProvider;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.pin.Terminal;
import io.github.jpki4j.signing.CmsVerification;
import io.github.jpki4j.signing.CmsVerifier;
import io.github.jpki4j.signing.SignatureFormatException;
import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.VerifyOptions;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki cms sign|verify}: detached CMS (PKCS#7) SignedData, made with BouncyCastle's CMS
 * generator over the {@code JPKI} provider's key handles and {@code Signature}, and checked without
 * a card by the signing module's {@code CmsVerifier} against the J-LIS roots and given roots.
 */
@Command(
    name = "cms",
    description = {
      "Detached CMS (PKCS #7) signatures with the card: FILE.p7s.",
      "Each holds the signing certificate, its CA certificate and the signing time.",
      "Check one with 'jpki cms verify', or with 'openssl cms -verify -binary",
      "  -inform DER -in FILE.p7s -content FILE -CAfile CA.pem -purpose any'."
    },
    subcommands = {CmsCommand.Sign.class, CmsCommand.Verify.class})
final class CmsCommand {
  @ParentCommand JpkiCommand root;

  /** The digests the card's signatures can carry (the DigestInfo is built on our side). */
  enum Digest {
    sha256("SHA256withRSA"),
    sha384("SHA384withRSA"),
    sha512("SHA512withRSA");

    final String signatureAlgorithm;

    Digest(String signatureAlgorithm) {
      this.signatureAlgorithm = signatureAlgorithm;
    }
  }

  /** {@code cms sign [--key sign|auth] FILE...}: writes FILE.p7s beside each FILE. */
  @Command(
      name = "sign",
      description = {
        "Sign files as detached CMS SignedData: FILE.p7s beside each FILE.",
        "The default key is the signature key (署名用): its certificate goes into",
        "every FILE.p7s and holds your name, address, birth date and sex."
      })
  static final class Sign implements Callable<Integer> {
    @ParentCommand CmsCommand cms;
    @Mixin PinOptions pinOptions;

    @Option(
        names = "--key",
        defaultValue = "sign",
        paramLabel = "sign|auth",
        description =
            "The card key: sign (default; the signature password, legally binding,"
                + " its certificate names you) or auth (the auth PIN; an opaque certificate).")
    PinCommand.PinKind key;

    @Option(
        names = "--share-personal-data",
        description =
            "Go on with the signature key without asking: you agree that every"
                + " recipient reads your name, address, birth date and sex in its certificate."
                + " Needed without a terminal.")
    boolean sharePersonalData;

    @Option(
        names = "--digest",
        defaultValue = "sha256",
        paramLabel = "sha256|sha384|sha512",
        description = "The digest. Default: sha256.")
    Digest digest;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to sign.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = cms.root;
      for (Path f : files) {
        if (!Files.isReadable(f) || Files.isDirectory(f)) {
          throw new NoSuchFileException(f.toString());
        }
      }
      JpkiKey cardKey = key.key;
      try (CardConnector.Session s = root.connector().open()) {
        JpkiCard card = s.card();
        if (cardKey == JpkiKey.SIGN) {
          card.requireSignatureKeyPair();
          root.err.println(
              "jpki: a signature with the signature key (署名用) is legally binding,"
                  + " and its certificate goes into every .p7s file: whoever receives one reads your"
                  + " name, address, birth date and sex in it");
          if (!sharePersonalData && !confirm(root)) {
            return ExitCodes.PIN_NOT_SENT;
          }
        }
        root.pinPrompter(pinOptions).verify(card, cardKey.pin());

        // From here on, the standard APIs: the card's keystore and its Signature, through JPKI.
        JpkiProvider provider = new JpkiProvider();
        KeyStore store = KeyStore.getInstance(JpkiProvider.KEYSTORE_TYPE, provider);
        store.load(JpkiLoadParameter.forCard(card).withSignatureKey(cardKey == JpkiKey.SIGN));
        String alias = key.name();
        PrivateKey privateKey = (PrivateKey) store.getKey(alias, null);
        X509Certificate[] chain =
            Arrays.stream(store.getCertificateChain(alias))
                .map(c -> (X509Certificate) c)
                .toArray(X509Certificate[]::new);
        for (Path f : files) {
          Path out = Path.of(f + ".p7s");
          Files.write(out, sign(provider, privateKey, chain, digest.signatureAlgorithm, f));
          root.err.println("Signed " + f + " -> " + out);
        }
      }
      return ExitCodes.OK;
    }

    /** y/N on the terminal; without one, the option is required. */
    private static boolean confirm(JpkiCommand root) {
      Console console = Terminal.console();
      if (console == null) {
        root.err.println(
            "jpki: not signing: add --share-personal-data to go on without a"
                + " terminal (or use --key auth, whose certificate does not name you)");
        return false;
      }
      String answer = console.readLine("Share them and sign? [y/N] ");
      if (answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
        return true;
      }
      root.err.println("jpki: not signing");
      return false;
    }
  }

  /**
   * A detached DER SignedData over {@code file} (streamed), with the chain's certificates and
   * BouncyCastle's default signed attributes: content type, signing time, message digest and the
   * algorithm protection attribute.
   */
  static byte[] sign(
      java.security.Provider provider,
      PrivateKey key,
      X509Certificate[] chain,
      String signatureAlgorithm,
      Path file)
      throws OperatorCreationException, GeneralSecurityException, CMSException, IOException {
    ContentSigner signer =
        new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    generator.addSignerInfoGenerator(
        new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .build(signer, chain[0]));
    generator.addCertificates(new JcaCertStore(List.of(chain)));
    CMSSignedData signed = generator.generate(new CMSProcessableFile(file.toFile()), false);
    return signed.getEncoded(ASN1Encoding.DER);
  }

  /** {@code cms verify FILE.p7s [FILE] [--ca CAFILE]... [--at TIME] [--tsa-ca FILE]}. */
  @Command(
      name = "verify",
      description = {
        "Check a detached CMS signature: the file's integrity, the certificate chain",
        "to the J-LIS roots built into jpki (or to --ca roots), at a trustworthy time:",
        "--at TIME, else the signature's verified RFC 3161 timestamp, else now; never",
        "the signing time the signer wrote. No card needed. Revocation is not checked:",
        "J-LIS gives it only to registered verifiers."
      })
  static final class Verify implements Callable<Integer> {
    @ParentCommand CmsCommand cms;

    @Parameters(index = "0", paramLabel = "FILE.p7s", description = "The signature.")
    Path signature;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "FILE",
        description = "The signed file. Default: FILE.p7s without .p7s.")
    Path content;

    @Option(
        names = "--ca",
        paramLabel = "CAFILE",
        description =
            "Also trust the root certificate(s) in CAFILE, PEM or DER (repeatable); e.g. the"
                + " simulated card's: jpki cert sign-ca > ca.pem.")
    List<Path> caFiles = new ArrayList<>();

    @Option(
        names = "--at",
        paramLabel = "TIME",
        description =
            "Check the chain at TIME, an ISO-8601 instant (e.g. 2030-01-31T09:00:00Z) or"
                + " date (2030-01-31 is midnight UTC). Default: the time of a verified"
                + " timestamp, else now.")
    String at;

    @Option(
        names = "--tsa-ca",
        paramLabel = "FILE",
        description =
            "The root certificate(s) a timestamp authority must chain to, PEM or DER."
                + " Default: the Java trust store.")
    Path tsaCaFile;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = cms.root;
      Instant when = null;
      if (at != null) {
        when = CheckTime.parse(at);
        if (when == null) {
          root.err.println("jpki: " + CheckTime.USAGE + ", not '" + at + "'");
          return ExitCodes.USAGE;
        }
      }
      Path data = content;
      if (data == null) {
        String name = signature.toString();
        if (!name.endsWith(".p7s")) {
          root.err.println("jpki: name the signed file: " + name + " does not end with .p7s");
          return ExitCodes.USAGE;
        }
        data = Path.of(name.substring(0, name.length() - 4));
      }
      for (Path f : List.of(signature, data)) {
        if (!Files.isReadable(f)) {
          throw new NoSuchFileException(f.toString());
        }
      }
      TrustAnchors anchors = TrustAnchors.jlis();
      for (Path f : caFiles) {
        anchors = anchors.and(readAnchors(f));
      }
      TrustAnchors tsaAnchors = tsaCaFile == null ? null : readAnchors(tsaCaFile);

      List<CmsVerification> results;
      try (InputStream in = Files.newInputStream(data)) {
        results =
            CmsVerifier.verify(
                Files.readAllBytes(signature), in, new VerifyOptions(anchors, when, tsaAnchors));
      } catch (SignatureFormatException e) {
        root.err.println("jpki: " + signature + " is not a CMS signature: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
      boolean allGood = true;
      for (CmsVerification v : results) {
        root.out.print(VerificationText.render(v));
        if (!v.good()) {
          allGood = false;
          root.err.println("jpki: BAD signature on " + data + ": " + VerificationText.problem(v));
          if (VerificationText.unknownRoot(v)) {
            root.err.println("jpki: " + VerificationText.HOW_TO_TRUST);
          }
        }
      }
      return allGood ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static TrustAnchors readAnchors(Path file) throws IOException {
      if (!Files.isReadable(file)) {
        throw new NoSuchFileException(file.toString());
      }
      try (InputStream in = Files.newInputStream(file)) {
        return TrustAnchors.read(in, file.toString());
      }
    }
  }
}
