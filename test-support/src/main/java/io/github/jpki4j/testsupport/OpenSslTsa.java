package io.github.jpki4j.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real RFC 3161 timestamp authority for tests: {@code openssl ts -reply} behind HTTP POST on
 * 127.0.0.1 (an ephemeral port). {@link #start} makes a TSA root and a TSA certificate (critical
 * extendedKeyUsage timeStamping) with {@code openssl} in the given directory; each query is
 * answered by running {@code openssl ts -reply} on it. Tests that use it declare {@code
 * RequiresTools(ExternalTool.OPENSSL)}.
 *
 * <pre>{@code
 * try (OpenSslTsa tsa = OpenSslTsa.start(tempDir)) {
 *   byte[] stamped = new Timestamper(tsa.url()).timestamp(cms);
 *   ... new VerifyOptions(anchors, null, TrustAnchors.read(tsa.rootCertificate())) ...
 * }
 * }</pre>
 */
public final class OpenSslTsa implements AutoCloseable {
  /** How the authority answers; tests switch it to try a client's checks. */
  public enum Mode {
    /** A granted reply to the query asked. */
    HONEST,
    /** A granted reply to another query: other imprint, other nonce. */
    OTHER_QUERY,
    /** A reply with status rejection (2) and no token. */
    REJECTION,
    /** HTTP 500 without a body. */
    HTTP_ERROR
  }

  private static final Duration OPENSSL_LIMIT = Duration.ofSeconds(60);
  private static final int MAX_QUERY = 64 * 1024;

  /** TimeStampResp { status PKIStatusInfo { status rejection(2) } }. */
  private static final byte[] REJECTION_REPLY = {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02};

  private final Path dir;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger answered = new AtomicInteger();
  private volatile Mode mode = Mode.HONEST;

  private OpenSslTsa(Path dir) throws IOException {
    this.dir = dir;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "openssl-tsa"));
    server.createContext("/tsa", this::answer);
    server.setExecutor(executor);
  }

  /** Makes the TSA's keys and certificates in {@code dir} and starts serving. */
  public static OpenSslTsa start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    OpenSslTsa tsa = new OpenSslTsa(dir);
    tsa.makeCertificates();
    tsa.server.start();
    return tsa;
  }

  /** Where to POST application/timestamp-query. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  /** The TSA root's certificate, PEM: the anchor a verifier needs ({@code --tsa-ca}). */
  public Path rootCertificate() {
    return dir.resolve("tsa-ca.pem");
  }

  /** The TSA's own certificate, PEM. */
  public Path tsaCertificate() {
    return dir.resolve("tsa.pem");
  }

  /** How many queries were answered with a token. */
  public int tokensIssued() {
    return answered.get();
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** A token (DER ContentInfo) over the SHA-256 of {@code data}, made without HTTP. */
  public synchronized byte[] token(byte[] data) throws IOException, InterruptedException {
    Path in = Files.createTempFile(dir, "data", ".bin");
    Path query = Files.createTempFile(dir, "query", ".tsq");
    try {
      Files.write(in, data);
      openssl("ts", "-query", "-data", in.toString(), "-sha256", "-cert", "-out", query.toString());
      return reply(query, true);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(query);
    }
  }

  /**
   * {@code openssl ts -verify} on {@code token} (DER ContentInfo) as a timestamp of {@code data},
   * with the TSA root as the only trusted certificate.
   */
  public TestProcess.Result verifyWithOpenssl(byte[] token, byte[] data)
      throws IOException, InterruptedException {
    Path tokenFile = Files.createTempFile(dir, "token", ".der");
    Path dataFile = Files.createTempFile(dir, "data", ".bin");
    try {
      Files.write(tokenFile, token);
      Files.write(dataFile, data);
      return TestProcess.of(
              "openssl",
              "ts",
              "-verify",
              "-token_in",
              "-in",
              tokenFile.toString(),
              "-data",
              dataFile.toString(),
              "-CAfile",
              rootCertificate().toString(),
              "-untrusted",
              tsaCertificate().toString())
          .timeout(OPENSSL_LIMIT)
          .run();
    } finally {
      Files.deleteIfExists(tokenFile);
      Files.deleteIfExists(dataFile);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_QUERY + 1);
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || body.length > MAX_QUERY
          || !"application/timestamp-query"
              .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      byte[] reply;
      try {
        reply = reply(body);
      } catch (IOException | InterruptedException | AssertionError e) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      if (reply == null) {
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
      exchange.sendResponseHeaders(200, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    }
  }

  /** The reply the current mode gives to {@code query}; null for an HTTP error. */
  private synchronized byte[] reply(byte[] query) throws IOException, InterruptedException {
    switch (mode) {
      case HTTP_ERROR:
        return null;
      case REJECTION:
        return REJECTION_REPLY.clone();
      case OTHER_QUERY:
        Path other = Files.createTempFile(dir, "other", ".tsq");
        Path data = Files.createTempFile(dir, "other", ".bin");
        try {
          Files.writeString(data, "other bytes", StandardCharsets.US_ASCII);
          openssl(
              "ts",
              "-query",
              "-data",
              data.toString(),
              "-sha256",
              "-cert",
              "-out",
              other.toString());
          return reply(other, false);
        } finally {
          Files.deleteIfExists(other);
          Files.deleteIfExists(data);
        }
      default:
        Path q = Files.createTempFile(dir, "query", ".tsq");
        try {
          Files.write(q, query);
          return reply(q, false);
        } finally {
          Files.deleteIfExists(q);
        }
    }
  }

  /** {@code openssl ts -reply}: the whole TimeStampResp, or with {@code tokenOnly} the token. */
  private byte[] reply(Path query, boolean tokenOnly) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "reply", ".tsr");
    try {
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  "openssl",
                  "ts",
                  "-reply",
                  "-config",
                  dir.resolve("tsa.cnf").toString(),
                  "-section",
                  "tsa_config",
                  "-queryfile",
                  query.toString(),
                  "-out",
                  out.toString()));
      if (tokenOnly) {
        command.add("-token_out");
      }
      openssl(command);
      answered.incrementAndGet();
      return Files.readAllBytes(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private void makeCertificates() throws IOException, InterruptedException {
    Files.writeString(
        dir.resolve("tsa.cnf"),
        String.join(
            "\n",
            "[ tsa_config ]",
            "serial = " + dir.resolve("tsaserial"),
            "crypto_device = builtin",
            "signer_cert = " + tsaCertificate(),
            "certs = " + rootCertificate(),
            "signer_key = " + dir.resolve("tsa.key"),
            "signer_digest = sha256",
            "default_policy = 1.2.3.4.1",
            "digests = sha256, sha384, sha512",
            "accuracy = secs:1",
            "ordering = yes",
            "tsa_name = yes",
            "ess_cert_id_chain = no",
            "ess_cert_id_alg = sha256",
            "",
            "[ tsa_ext ]",
            "basicConstraints = critical, CA:FALSE",
            "keyUsage = critical, digitalSignature, nonRepudiation",
            "extendedKeyUsage = critical, timeStamping",
            "subjectKeyIdentifier = hash",
            "authorityKeyIdentifier = keyid",
            ""),
        StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("tsaserial"), "01\n", StandardCharsets.US_ASCII);
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        dir.resolve("tsa-ca.key").toString(),
        "-out",
        rootCertificate().toString(),
        "-days",
        "3650",
        "-subj",
        "/C=JP/O=jpki4j test/CN=jpki4j test TSA root",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    openssl(
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        dir.resolve("tsa.key").toString(),
        "-out",
        dir.resolve("tsa.csr").toString(),
        "-subj",
        "/C=JP/O=jpki4j test/CN=jpki4j test TSA");
    openssl(
        "x509",
        "-req",
        "-in",
        dir.resolve("tsa.csr").toString(),
        "-CA",
        rootCertificate().toString(),
        "-CAkey",
        dir.resolve("tsa-ca.key").toString(),
        "-set_serial",
        "2",
        "-days",
        "3650",
        "-sha256",
        "-extfile",
        dir.resolve("tsa.cnf").toString(),
        "-extensions",
        "tsa_ext",
        "-out",
        tsaCertificate().toString());
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    openssl(command);
  }

  private static void openssl(List<String> command) throws IOException, InterruptedException {
    TestProcess.Result r = TestProcess.of(command).timeout(OPENSSL_LIMIT).run();
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + r);
    }
  }
}
