package io.github.jpki4j.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.sim.VirtualCard;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java application that depends on jca gets jca and apdu, and neither the simulated card nor
 * jcardsim nor BouncyCastle; the provider works with those two alone and says what is missing when
 * the simulated card is asked for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RuntimeClassPathTest {
  /** Written by maven-dependency-plugin's build-classpath (runtime scope), see jca/pom.xml. */
  private static final Path RUNTIME_CLASS_PATH = Path.of("target", "runtime-class-path.txt");

  @Test
  void theRuntimeClassPathHasNoJcardsimNorBouncyCastle() throws IOException {
    List<String> entries =
        List.of(Files.readString(RUNTIME_CLASS_PATH).strip().split(File.pathSeparator));
    assertEquals(1, entries.size(), "apdu only: " + entries);
    assertTrue(
        Path.of(entries.get(0)).getFileName().toString().startsWith("apdu"), entries.toString());
    for (String e : entries) {
      String name = e.toLowerCase(Locale.ROOT);
      for (String banned :
          List.of("jcardsim", "bouncycastle", "bcprov", "bcpkix", "bcutil", "jpki-applet")) {
        assertFalse(name.contains(banned), banned + " on the runtime class path: " + e);
      }
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void withJcaAndApduAloneTheSimulatedCardIsRefusedWithAClearMessage(@TempDir Path dir)
      throws Exception {
    VirtualCard.open(dir).close(); // the card exists; only the class path lacks it
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {location(JpkiProvider.class), location(JpkiCard.class)},
            ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThrows(
          ClassNotFoundException.class, () -> loader.loadClass("io.github.jpki4j.sim.VirtualCard"));
      Provider provider =
          ServiceLoader.load(Provider.class, loader).stream()
              .map(ServiceLoader.Provider::get)
              .filter(p -> p.getName().equals("JPKI"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no JPKI in META-INF/services"));
      assertEquals(loader, provider.getClass().getClassLoader());
      assertNotNull(provider.getService("KeyStore", "JPKI"));
      assertNotNull(provider.getService("Signature", "SHA384withRSA"));

      System.setProperty(CardSettings.SIMULATOR_PROPERTY, dir.toString());
      KeyStore ks = KeyStore.getInstance("JPKI", provider);
      IOException e = assertThrows(IOException.class, () -> ks.load(null, "1234".toCharArray()));
      assertTrue(e.getMessage().contains("jpki-applet is not on the class path"), e.getMessage());
    } finally {
      System.clearProperty(CardSettings.SIMULATOR_PROPERTY);
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void withJpkiAppletButNoJcardsimTheMessageSaysSo(@TempDir Path dir) throws Exception {
    VirtualCard.open(dir).close();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {
              location(JpkiProvider.class), location(JpkiCard.class), location(VirtualCard.class)
            },
            ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Provider provider =
          (Provider) loader.loadClass(JpkiProvider.class.getName()).getConstructor().newInstance();
      System.setProperty(CardSettings.SIMULATOR_PROPERTY, dir.toString());
      KeyStore ks = KeyStore.getInstance("JPKI", provider);
      IOException e = assertThrows(IOException.class, () -> ks.load(null, "1234".toCharArray()));
      assertTrue(e.getMessage().contains("needs jcardsim"), e.getMessage());
    } finally {
      System.clearProperty(CardSettings.SIMULATOR_PROPERTY);
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
