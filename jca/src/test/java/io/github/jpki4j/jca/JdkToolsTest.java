package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * keytool and jarsigner, the JDK's own tools, with the JPKI provider on a persistent simulated
 * card: {@code -keystore NONE -storetype JPKI -storepass PIN}, the card named with {@code
 * -J-Djpki.simulator=DIR}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JdkToolsTest {
  private static final TestIdentity ID = TestIdentity.defaultIdentity();
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
  private static final String CP = JdkTools.providerClassPath();

  @TempDir static Path shared;
  private static Path card;

  @BeforeAll
  static void createCard() throws Exception {
    card = shared.resolve("card");
    VirtualCard.open(card).close();
  }

  /** keytool with the provider from -providerClass/-providerPath. */
  private static TestProcess.Result keytool(Path cardDir, String pin, String... args)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                JdkTools.tool("keytool"),
                "-J-Djpki.simulator=" + cardDir,
                "-keystore",
                "NONE",
                "-storetype",
                "JPKI",
                "-storepass",
                pin,
                "-providerClass",
                JpkiProvider.class.getName(),
                "-providerPath",
                CP));
    cmd.addAll(List.of(args));
    return TestProcess.of(cmd).timeout(TOOL_TIMEOUT).run();
  }

  private static PinState pins(Path cardDir) throws Exception {
    try (VirtualCard c = VirtualCard.open(cardDir)) {
      return c.pinState();
    }
  }

  @Test
  void keytoolListsBothEntriesWithTheSignaturePassword() throws Exception {
    TestProcess.Result r = keytool(card, "ABC123", "-list");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Keystore type: JPKI"), r.toString());
    assertTrue(r.out().contains("Your keystore contains 2 entries"), r.toString());
    assertTrue(r.out().contains("\nauth, "), r.toString());
    assertTrue(r.out().contains("\nsign, "), r.toString());
    assertTrue(r.out().contains(JdkTools.fingerprint(ID.authCertificate())), r.toString());
    assertTrue(r.out().contains(JdkTools.fingerprint(ID.signCertificate())), r.toString());
  }

  @Test
  void keytoolListsTheAuthEntryAloneWithTheAuthPinThroughAddprovider() throws Exception {
    TestProcess.Result r =
        TestProcess.of(
                List.of(
                    JdkTools.tool("keytool"),
                    "-J-cp",
                    "-J" + CP,
                    "-J-Djpki.simulator=" + card,
                    "-addprovider",
                    "JPKI",
                    "-list",
                    "-keystore",
                    "NONE",
                    "-storetype",
                    "JPKI",
                    "-storepass",
                    "1234"))
            .timeout(TOOL_TIMEOUT)
            .run();
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Your keystore contains 1 entry"), r.toString());
    assertTrue(r.out().contains("\nauth, "), r.toString());
    assertFalse(r.out().contains("sign, "), r.toString());
  }

  @Test
  void keytoolShowsTheChainOfTheSignatureKey() throws Exception {
    TestProcess.Result r = keytool(card, "ABC123", "-list", "-v", "-alias", "sign");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Certificate chain length: 2"), r.toString());
    assertTrue(
        r.out().contains("Owner: " + ID.signCaCertificate().getSubjectX500Principal()),
        r.toString());
  }

  @Test
  void keytoolRefusesAMalformedPinWithoutTouchingTheCounter(@TempDir Path dir) throws Exception {
    Path own = dir.resolve("card");
    VirtualCard.open(own).close();
    TestProcess.Result r = keytool(own, "12345", "-list");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("the auth PIN (4 digits) or the signature password"), r.toString());
    assertFalse((r.out() + r.err()).contains("12345"), "no PIN in the output");
    r = keytool(own, "XYZ999", "-list");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("wrong signature password: 4 tries left"), r.toString());
    assertEquals(PinState.defaults().withSignTriesLeft(4), pins(own));
  }

  private static void writeJar(Path jar, String text) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new JarEntry("hello/a.txt"));
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new JarEntry("hello/b.bin"));
      out.write(new byte[4096]);
      out.closeEntry();
    }
  }

  private static TestProcess.Result jarsign(Path in, Path out, Path cardDir) throws Exception {
    return TestProcess.of(
            List.of(
                JdkTools.tool("jarsigner"),
                "-J-cp",
                "-J" + CP,
                "-J-Djpki.simulator=" + cardDir,
                "-providerClass",
                JpkiProvider.class.getName(),
                "-keystore",
                "NONE",
                "-storetype",
                "JPKI",
                "-storepass",
                "ABC123",
                "-signedjar",
                out.toString(),
                in.toString(),
                "sign"))
        .timeout(TOOL_TIMEOUT)
        .run();
  }

  @Test
  void jarsignerSignsWithTheSignatureKeyAndVerifies(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("in.jar");
    writeJar(jar, "hello");
    List<Long> millis = new ArrayList<>();
    Path signed = null;
    for (int i = 0; i < 3; i++) {
      signed = dir.resolve("signed-" + i + ".jar");
      TestProcess.Result r = jarsign(jar, signed, card);
      assertEquals(0, r.exit(), r.toString());
      assertTrue(r.out().contains("jar signed."), r.toString());
      millis.add(r.took().toMillis());
    }
    Collections.sort(millis);
    System.out.println(
        "jarsigner on the simulated card: " + millis + " ms, median " + millis.get(1) + " ms");

    TestProcess.Result v =
        TestProcess.of(List.of(JdkTools.tool("jarsigner"), "-verify", signed.toString()))
            .timeout(TOOL_TIMEOUT)
            .run();
    assertEquals(0, v.exit(), v.toString());
    assertTrue(v.out().contains("jar verified."), v.toString());

    try (JarFile jf = new JarFile(signed.toFile(), true)) {
      assertTrue(jf.getEntry("META-INF/SIGN.RSA") != null, "the block file is named by alias");
      JarEntry e = jf.getJarEntry("hello/a.txt");
      try (InputStream in = jf.getInputStream(e)) {
        in.readAllBytes(); // the signers are known once the entry is read
      }
      CodeSigner[] signers = e.getCodeSigners();
      assertEquals(1, signers.length);
      assertEquals(
          List.of(ID.signCertificate(), ID.signCaCertificate()),
          signers[0].getSignerCertPath().getCertificates());
    }
    assertEquals(PinState.defaults(), pins(card));
  }

  @Test
  void jarsignerRejectsATamperedJar(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("in.jar");
    writeJar(jar, "hello");
    Path signed = dir.resolve("signed.jar");
    assertEquals(0, jarsign(jar, signed, card).exit());
    Path tampered = dir.resolve("tampered.jar");
    try (ZipFile zin = new ZipFile(signed.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(tampered))) {
      for (Enumeration<? extends ZipEntry> en = zin.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        out.putNextEntry(new ZipEntry(e.getName()));
        byte[] data = zin.getInputStream(e).readAllBytes();
        if (e.getName().equals("hello/a.txt")) {
          data = "HELLO".getBytes(StandardCharsets.UTF_8);
        }
        out.write(data);
        out.closeEntry();
      }
    }
    TestProcess.Result v =
        TestProcess.of(List.of(JdkTools.tool("jarsigner"), "-verify", tampered.toString()))
            .timeout(TOOL_TIMEOUT)
            .run();
    assertNotEquals(0, v.exit(), v.toString());
    assertTrue((v.out() + v.err()).contains("digest error for hello/a.txt"), v.toString());
  }
}
