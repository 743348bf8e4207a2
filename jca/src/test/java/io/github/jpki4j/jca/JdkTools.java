package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.fail;

import com.licel.jcardsim.smartcardio.CardSimulator;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.sim.VirtualCard;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Runs the JDK's own tools (keytool, jarsigner) with the provider, as a user would. */
final class JdkTools {
  /** What a finished program left behind. */
  record Result(int exit, String out, String err, Duration took) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

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
    for (Class<?> c : List.of(JpkiProvider.class, JpkiCard.class, VirtualCard.class,
        CardSimulator.class, BouncyCastleProvider.class)) {
      try {
        parts.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, parts);
  }

  /** keytool's SHA-256 fingerprint format. */
  static String fingerprint(Certificate cert) throws Exception {
    return HexFormat.ofDelimiter(":").withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  /**
   * Runs a program, stdin from /dev/null, without the jpki environment variables (so only the
   * options given choose the card: never a PC/SC reader), killed by its PID after the timeout.
   */
  static Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    for (String name : List.of("JPKI_SIMULATOR", "JPKI_READER", "JPKI_EXTENDED_APDU",
        "JPKI_PINENTRY", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH")) {
      pb.environment().remove(name);
    }
    Path out = Files.createTempFile("jdk-tool-out", ".txt");
    Path err = Files.createTempFile("jdk-tool-err", ".txt");
    try {
      pb.redirectInput(new File("/dev/null"));
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        fail("timed out after " + timeout.toSeconds() + " s: " + command + "\n"
            + Files.readString(err));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err), took);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
