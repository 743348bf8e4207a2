package io.github.jpki4j.apdu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the PC/SC library for {@code javax.smartcardio} where the JDK would not look. The JDK
 * reads {@code sun.security.smartcardio.library} once, when PC/SC is first used; distributions put
 * {@code libpcsclite.so.1} in multiarch folders without the unversioned {@code .so} the JDK tries,
 * and macOS 11+ keeps PCSC.framework only in the dyld cache. {@link #configure()} sets the
 * property to the first library that exists, unless the user already set it.
 */
public final class PcscLibrary {
  /** The JDK's system property naming the PC/SC library. */
  public static final String PROPERTY = "sun.security.smartcardio.library";

  private static final List<String> LINUX = List.of(
      "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1",
      "/usr/lib/aarch64-linux-gnu/libpcsclite.so.1",
      "/usr/lib/arm-linux-gnueabihf/libpcsclite.so.1",
      "/usr/lib/i386-linux-gnu/libpcsclite.so.1",
      "/usr/lib64/libpcsclite.so.1",
      "/usr/lib/libpcsclite.so.1",
      "/lib/x86_64-linux-gnu/libpcsclite.so.1",
      "/usr/local/lib/libpcsclite.so.1");
  private static final String MAC = "/System/Library/Frameworks/PCSC.framework/Versions/Current/PCSC";

  private PcscLibrary() {}

  /**
   * Sets {@link #PROPERTY} if it is unset and a library is found; returns what is in effect.
   *
   * @return the library path in effect, or empty when the JDK's own default applies
   */
  public static synchronized Optional<String> configure() {
    String set = System.getProperty(PROPERTY);
    if (set != null && !set.isEmpty()) {
      return Optional.of(set);
    }
    Optional<String> found = locate();
    found.ifPresent(path -> System.setProperty(PROPERTY, path));
    return found;
  }

  /** The first PC/SC library that exists on this system, for this OS. */
  public static Optional<String> locate() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return Optional.of(MAC); // lives in the dyld cache: the file need not exist on disk
    }
    if (os.contains("windows")) {
      return Optional.empty(); // winscard.dll is always found
    }
    return LINUX.stream().filter(p -> Files.exists(Path.of(p))).findFirst();
  }
}
