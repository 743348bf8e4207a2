package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.signing.CmsVerification;
import io.github.jpki4j.signing.CmsVerifier;
import io.github.jpki4j.signing.SignatureFormatException;
import io.github.jpki4j.signing.Timestamper;
import io.github.jpki4j.signing.VerifyOptions;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Mixin ConsentOption consent;

    @Option(
        names = "--digest",
        defaultValue = "sha256",
        paramLabel = "sha256|sha384|sha512",
        description = "The digest. Default: sha256.")
    Digest digest;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to sign.")
    List<Path> files = new ArrayList<>();

    @Option(
        names = "--tsa",
        paramLabel = "URL",
        description =
            "Add an RFC 3161 timestamp from the authority at URL: it proves the signature"
                + " existed then, after the certificate expires or is revoked.")
    URI tsa;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = cms.root;
      for (Path f : files) {
        if (!Files.isReadable(f) || Files.isDirectory(f)) {
          throw new NoSuchFileException(f.toString());
        }
      }
      try (CardConnector.Session s = root.connector().open()) {
        CardSigningKey signingKey =
            CardSigningKey.unlock(root, s.card(), key, pinOptions, consent.given);
        if (signingKey == null) {
          return ExitCodes.PIN_NOT_SENT;
        }
        for (Path f : files) {
          Path out = Path.of(f + ".p7s");
          byte[] cms;
          try (InputStream in = Files.newInputStream(f)) {
            cms = signingKey.signDetached(digest.signatureAlgorithm, in, Instant.now());
          }
          if (tsa != null) {
            cms = new Timestamper(tsa).timestamp(cms);
          }
          Files.write(out, cms);
          root.err.println("Signed " + f + " -> " + out);
        }
      }
      return ExitCodes.OK;
    }
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

    @Mixin TrustOptions trust;

    @Override
    public Integer call() throws Exception {
      JpkiCommand root = cms.root;
      Instant when = trust.at(root.err);
      if (trust.atMalformed()) {
        return ExitCodes.USAGE;
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
      VerifyOptions options = trust.verifyOptions(when);

      List<CmsVerification> results;
      try (InputStream in = Files.newInputStream(data)) {
        results = CmsVerifier.verify(Files.readAllBytes(signature), in, options);
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
  }
}
