package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jca.JpkiLoadParameter;
import io.github.jpki4j.jca.JpkiProvider;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Selector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki cms sign|verify}: detached CMS (PKCS#7) SignedData, made with BouncyCastle's CMS
 * generator over the {@code JPKI} provider's key handles and {@code Signature}, and checked without
 * a card against a CA certificate.
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
      Console console = System.console();
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

  /** {@code cms verify FILE.p7s [FILE] [--ca CAFILE]}. */
  @Command(
      name = "verify",
      description = {
        "Check a detached CMS signature and its certificate chain against",
        "--ca CAFILE (no card needed), or else the card's CA certificates",
        "(read without a PIN)."
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
        description = "The CA certificate(s) to trust, PEM or DER.")
    Path caFile;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = cms.root;
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
      List<X509Certificate> anchors;
      String trusted;
      if (caFile != null) {
        anchors = readCertificates(caFile);
        trusted = caFile.toString();
      } else {
        anchors = cardCas(root);
        trusted = "the card's CA certificates";
      }

      CMSSignedData signed;
      try {
        signed =
            new CMSSignedData(new CMSProcessableFile(data.toFile()), Files.readAllBytes(signature));
      } catch (CMSException e) {
        root.err.println("jpki: " + signature + " is not a CMS signature: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
      Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
      if (signers.isEmpty()) {
        root.err.println("jpki: " + signature + " holds no signature");
        return ExitCodes.FAILURE;
      }
      for (SignerInformation signer : signers) {
        String problem = check(signed, signer, anchors, trusted, root);
        if (problem != null) {
          root.err.println("jpki: BAD signature on " + data + ": " + problem);
          return ExitCodes.FAILURE;
        }
      }
      return ExitCodes.OK;
    }

    /** Checks one signer; prints what it found and returns null, or returns the problem. */
    private String check(
        CMSSignedData signed,
        SignerInformation signer,
        List<X509Certificate> anchors,
        String trusted,
        JpkiCommand root)
        throws GeneralSecurityException {
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> matches =
          signed.getCertificates().getMatches((Selector<X509CertificateHolder>) signer.getSID());
      if (matches.isEmpty()) {
        return "the signer's certificate is not in the signature";
      }
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      X509Certificate cert = converter.getCertificate(matches.iterator().next());
      try {
        if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert))) {
          return "the signature does not match the file";
        }
      } catch (CMSException | OperatorCreationException e) {
        return "the signature does not match the file (" + e.getMessage() + ")";
      }
      Date signingTime = signingTime(signer);
      List<X509Certificate> others = new ArrayList<>();
      for (X509CertificateHolder h : signed.getCertificates().getMatches(null)) {
        others.add(converter.getCertificate(h));
      }
      String chainProblem = validate(cert, others, anchors, signingTime);
      if (chainProblem != null) {
        return "the certificate does not chain to a trusted CA: " + chainProblem;
      }
      root.out.println("Good signature by " + cert.getSubjectX500Principal().getName());
      root.out.println(
          "  signed at: "
              + (signingTime == null
                  ? "(no signing time)"
                  : signingTime.toInstant() + " (the signer's clock)"));
      root.out.println(
          "  certificate: serial "
              + cert.getSerialNumber().toString(16)
              + ", issued by "
              + cert.getIssuerX500Principal().getName());
      root.out.println("  trusted: " + trusted);
      return null;
    }

    private static Date signingTime(SignerInformation signer) {
      if (signer.getSignedAttributes() == null) {
        return null;
      }
      Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
      if (attribute == null || attribute.getAttrValues().size() != 1) {
        return null;
      }
      return Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate();
    }

    /**
     * PKIX from the signer's certificate to one of the anchors, at the signing time (else now). No
     * revocation check (that needs J-LIS's online service). Policy qualifiers are accepted: JPKI
     * certificates carry a critical certificatePolicies extension with a CPS qualifier, which the
     * JDK rejects by default.
     */
    private static String validate(
        X509Certificate cert, List<X509Certificate> others, List<X509Certificate> anchors, Date at)
        throws GeneralSecurityException {
      Set<TrustAnchor> trust = new HashSet<>();
      for (X509Certificate a : anchors) {
        trust.add(new TrustAnchor(a, null));
      }
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(cert);
      PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
      params.setRevocationEnabled(false);
      params.setPolicyQualifiersRejected(false);
      params.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(others)));
      if (at != null) {
        params.setDate(at);
      }
      try {
        PKIXCertPathBuilderResult r =
            (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
        return r == null ? "no path" : null;
      } catch (java.security.cert.CertPathBuilderException e) {
        return e.getMessage();
      }
    }

    private static List<X509Certificate> readCertificates(Path file)
        throws IOException, GeneralSecurityException {
      try (InputStream in = Files.newInputStream(file)) {
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
          throw new IOException("no certificate in " + file);
        }
        return out;
      }
    }

    /**
     * The card's CA certificates (read without a PIN): two, or one on a card without the signature
     * key pair.
     */
    private static List<X509Certificate> cardCas(JpkiCommand root) throws Exception {
      try (CardConnector.Session s = root.connector().open()) {
        X509Certificate authCa = s.card().readCertificate(JpkiCertificate.AUTH_CA);
        return s.card().hasSignatureKeyPair()
            ? List.of(authCa, s.card().readCertificate(JpkiCertificate.SIGN_CA))
            : List.of(authCa);
      } catch (IOException e) {
        throw new IOException(
            "no CA certificate to check against: give one with --ca CAFILE"
                + " (the card's could not be read: "
                + e.getMessage()
                + ")",
            e);
      }
    }
  }
}
