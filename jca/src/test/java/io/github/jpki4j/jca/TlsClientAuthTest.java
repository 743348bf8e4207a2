package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSSE client authenticates with the card's auth key to a JDK {@link SSLServerSocket} on
 * 127.0.0.1 that requires a client certificate. TLS 1.2 only: TLS 1.3 wants RSA-PSS in the client's
 * CertificateVerify, and the card signs PKCS#1 v1.5 only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsClientAuthTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();
  private static final char[] SERVER_PASSWORD = "changeit".toCharArray();
  private static final JpkiProvider PROVIDER = new JpkiProvider();

  @TempDir static Path dir;
  private static KeyStore serverStore;

  private VirtualCard card;
  private RecordingTransport recorder;
  private final ExecutorService serverThread = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void setUp() throws Exception {
    Path p12 = dir.resolve("server.p12");
    TestProcess.Result r =
        TestProcess.of(
                List.of(
                    JdkTools.tool("keytool"),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    p12.toString(),
                    "-storepass",
                    "changeit"))
            .timeout(Duration.ofSeconds(60))
            .run();
    assertEquals(0, r.exit(), r.toString());
    serverStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      serverStore.load(in, SERVER_PASSWORD);
    }
    // JSSE asks for "SHA256withRSA" by name: the provider must be installed to be chosen
    Security.addProvider(PROVIDER);
  }

  @AfterAll
  static void tearDown() {
    Security.removeProvider(JpkiProvider.NAME);
  }

  @BeforeEach
  void insertCard() {
    card = VirtualCard.create(ID, PinState.defaults());
  }

  @AfterEach
  void removeCard() {
    serverThread.shutdownNow();
    PROVIDER.closeSessions();
    card.close();
  }

  /**
   * What a server must do to accept JPKI client certificates: trust the JPKI CA, and accept the
   * critical certificatePolicies extension with its CPS qualifier (the JDK's PKIX rejects it by
   * default). Revocation is not checked here (J-LIS's CRLs are not public).
   */
  static TrustManagerFactory trustingTheCardsCa() throws Exception {
    PKIXBuilderParameters pkix =
        new PKIXBuilderParameters(
            Set.of(new TrustAnchor(ID.authCaCertificate(), null)), new X509CertSelector());
    pkix.setRevocationEnabled(false);
    pkix.setPolicyQualifiersRejected(false);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(new CertPathTrustManagerParameters(pkix));
    return tmf;
  }

  /** Serves one connection: handshake, then answers a line with the client's subject. */
  private SSLServerSocket server(String protocol) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(serverStore, SERVER_PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), trustingTheCardsCa().getTrustManagers(), null);
    SSLServerSocket ss =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    ss.setNeedClientAuth(true);
    ss.setEnabledProtocols(new String[] {protocol});
    return ss;
  }

  private Future<String> serveOnce(SSLServerSocket ss) {
    return serverThread.submit(
        () -> {
          try (ss;
              SSLSocket s = (SSLSocket) ss.accept()) {
            s.setSoTimeout(30_000);
            s.startHandshake();
            X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
            BufferedReader in =
                new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            out.println(line + " from " + peer.getSubjectX500Principal().getName());
            return s.getSession().getProtocol() + " " + peer.getSubjectX500Principal().getName();
          }
        });
  }

  /** The client: its key manager over the JPKI keystore loaded with the auth PIN. */
  private SSLSocket client(int port, String protocol) throws Exception {
    KeyStore ks = KeyStore.getInstance("JPKI", PROVIDER);
    ks.load(
        JpkiLoadParameter.pin("1234".toCharArray())
            .withTerminal(card.terminal())
            .withTransport(t -> recorder = new RecordingTransport(t)));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(serverStore);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    s.setEnabledProtocols(new String[] {protocol});
    return s;
  }

  @Test
  void aTls12ClientAuthenticatesWithTheAuthKey() throws Exception {
    SSLServerSocket ss = server("TLSv1.2");
    Future<String> served = serveOnce(ss);
    try (SSLSocket s = client(ss.getLocalPort(), "TLSv1.2")) {
      s.startHandshake();
      OutputStream out = s.getOutputStream();
      out.write("hello\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      String reply =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      String subject = ID.authCertificate().getSubjectX500Principal().getName();
      assertEquals("hello from " + subject, reply);
      assertEquals("TLSv1.2 " + subject, served.get(30, TimeUnit.SECONDS));
      assertEquals(1, recorder.count(RecordingTransport.SIGN), "the card signed once");
      assertEquals(1, recorder.pinsSent());
    }
  }

  @Test
  void tls13IsNotPossibleBecauseTheCardCannotSignRsaPss() throws Exception {
    SSLServerSocket ss = server("TLSv1.3");
    Future<String> served = serveOnce(ss);
    try (SSLSocket s = client(ss.getLocalPort(), "TLSv1.3")) {
      SSLException e =
          assertThrows(
              SSLException.class,
              () -> {
                s.startHandshake();
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                s.getInputStream().read();
              });
      assertTrue(
          e.getMessage().contains("No supported CertificateVerify signature algorithm"),
          e.toString());
    }
    assertThrows(Exception.class, () -> served.get(30, TimeUnit.SECONDS));
    assertEquals(0, recorder.count(RecordingTransport.SIGN), "nothing for the card to sign");
  }

  @Test
  void theJdkRejectsTheCriticalPoliciesExtensionUnlessQualifiersAreAccepted() throws Exception {
    var path =
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(ID.authCertificate()));
    PKIXParameters params =
        new PKIXParameters(Set.of(new TrustAnchor(ID.authCaCertificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidatorException e =
        assertThrows(
            CertPathValidatorException.class,
            () -> CertPathValidator.getInstance("PKIX").validate(path, params));
    assertTrue(e.getMessage().contains("policy qualifiers"), e.getMessage());
    params.setPolicyQualifiersRejected(false);
    CertPathValidator.getInstance("PKIX").validate(path, params);
  }
}
