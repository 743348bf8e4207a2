package io.github.jpki4j.cli;

import io.github.jpki4j.signing.TrustAnchors;
import io.github.jpki4j.signing.VerifyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a signature is checked against, for {@code cms verify} and {@code pdf verify} alike: the
 * J-LIS roots built into jpki plus {@code --ca} roots, at {@code --at} or else a verified
 * timestamp's time or now, with {@code --tsa-ca} roots for timestamp authorities.
 */
final class TrustOptions {
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

  /** The time {@code --at} names; null when not given, or after saying on {@code err} why not. */
  Instant at(PrintStream err) {
    Instant when = at == null ? null : CheckTime.parse(at);
    if (at != null && when == null) {
      err.println("jpki: " + CheckTime.USAGE + ", not '" + at + "'");
    }
    return when;
  }

  /** True when {@code --at} was given and is neither form {@link CheckTime} reads. */
  boolean atMalformed() {
    return at != null && CheckTime.parse(at) == null;
  }

  /** The options for {@code when} (from {@link #at}), reading the roots' files. */
  VerifyOptions verifyOptions(Instant when) throws IOException {
    TrustAnchors anchors = TrustAnchors.jlis();
    for (Path f : caFiles) {
      anchors = anchors.and(read(f));
    }
    return new VerifyOptions(anchors, when, tsaCaFile == null ? null : read(tsaCaFile));
  }

  private static TrustAnchors read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return TrustAnchors.read(in, file.toString());
    }
  }
}
