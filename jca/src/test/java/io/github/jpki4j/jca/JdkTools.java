package io.github.jpki4j.jca;

import com.licel.jcardsim.smartcardio.CardSimulator;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.sim.VirtualCard;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What running the JDK's own tools (keytool, jarsigner) with the provider takes, as a user would
 * run them; the running itself is {@link io.github.jpki4j.testsupport.TestProcess}.
 */
final class JdkTools {
  private JdkTools() {}

  /** {@code $JAVA_HOME/bin/NAME} of the JDK running the tests. */
  static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /**
   * What a user puts on the tools' class path for the simulated card: jca, apdu, jpki-applet,
   * jcardsim and bcprov (jcardsim's crypto).
   */
  static String providerClassPath() {
    List<String> parts = new ArrayList<>();
    for (Class<?> c :
        List.of(
            JpkiProvider.class,
            JpkiCard.class,
            VirtualCard.class,
            CardSimulator.class,
            BouncyCastleProvider.class)) {
      try {
        parts.add(
            Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, parts);
  }

  /** keytool's SHA-256 fingerprint format. */
  static String fingerprint(Certificate cert) throws Exception {
    return HexFormat.ofDelimiter(":")
        .withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }
}
