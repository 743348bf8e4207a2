package io.github.jpki4j.apdu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Finds the PC/SC library for {@code javax.smartcardio} where the JDK would not look. The JDK reads
 * {@code sun.security.smartcardio.library} once, when PC/SC is first used; upstream JDKs try only
 * {@code /usr/lib(64)/libpcsclite.so} and {@code /usr/local/lib(64)/libpcsclite.so}, the
 * unversioned name that only the {@code -dev} packages install, while distributions put {@code
 * libpcsclite.so.1} in multiarch folders; macOS 11+ keeps PCSC.framework only in the dyld cache.
 * {@link #configure()} sets the property to the first library that exists, unless the user already
 * set it; {@link #status()} says what is in effect and why (for {@code jpki doctor}).
 */
public final class PcscLibrary {
  /** The JDK's system property naming the PC/SC library. */
  public static final String PROPERTY = "sun.security.smartcardio.library";

  private static final String LIB = "libpcsclite.so.1";
  private static final String MAC =
      "/System/Library/Frameworks/PCSC.framework/Versions/Current/PCSC";

  /** Debian/Ubuntu multiarch triplets by the JVM's {@code os.arch}. */
  private static final List<List<String>> MULTIARCH =
      List.of(
          List.of("amd64", "x86_64-linux-gnu"),
          List.of("x86_64", "x86_64-linux-gnu"),
          List.of("aarch64", "aarch64-linux-gnu"),
          List.of("arm", "arm-linux-gnueabihf"),
          List.of("x86", "i386-linux-gnu"),
          List.of("i386", "i386-linux-gnu"),
          List.of("ppc64le", "powerpc64le-linux-gnu"),
          List.of("s390x", "s390x-linux-gnu"),
          List.of("riscv64", "riscv64-linux-gnu"),
          List.of("loongarch64", "loongarch64-linux-gnu"),
          List.of("mips64el", "mips64el-linux-gnuabi64"));

  /** Where the library in effect came from. */
  public enum Source {
    /** The user set {@link #PROPERTY} (e.g. {@code -Dsun.security.smartcardio.library=...}). */
    USER,
    /** jpki4j found it and set {@link #PROPERTY}. */
    FOUND,
    /** Nothing found: the JDK's own default applies (always the case on Windows). */
    JDK_DEFAULT
  }

  /**
   * What {@code javax.smartcardio} will load.
   *
   * @param path the library, or null when the JDK's default applies
   * @param exists whether {@code path} is a file (a macOS framework lives in the dyld cache and
   *     need not exist on disk)
   * @param searched every place looked at, in order
   */
  public record Status(Source source, String path, boolean exists, List<String> searched) {
    /** One line for people, e.g. {@code "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1 (found)"}. */
    public String describe() {
      return switch (source) {
        case USER -> path + " (set with -D" + PROPERTY + (exists ? ")" : "; NO SUCH FILE)");
        case FOUND -> path + " (found by jpki4j)";
        case JDK_DEFAULT ->
            "the JDK's default"
                + (searched.isEmpty()
                    ? ""
                    : " (no " + LIB + " in " + String.join(", ", searched) + ")");
      };
    }
  }

  private static String setByUs;

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
    found.ifPresent(
        path -> {
          System.setProperty(PROPERTY, path);
          setByUs = path;
        });
    return found;
  }

  /** What is (or, before the first use of PC/SC, will be) in effect; configures first. */
  public static synchronized Status status() {
    configure();
    String set = System.getProperty(PROPERTY);
    List<String> searched = candidates(osName(), osArch(), PcscLibrary::listDir);
    if (set == null || set.isEmpty()) {
      return new Status(Source.JDK_DEFAULT, null, false, searched);
    }
    boolean exists = Files.isRegularFile(Path.of(set)) || set.equals(MAC);
    return new Status(set.equals(setByUs) ? Source.FOUND : Source.USER, set, exists, searched);
  }

  /** The first PC/SC library that exists on this system, for this OS. */
  public static Optional<String> locate() {
    return locate(osName(), osArch(), p -> Files.isRegularFile(Path.of(p)), PcscLibrary::listDir);
  }

  /**
   * The first candidate for which {@code exists} holds; macOS's framework is always taken (it is in
   * the dyld cache), Windows has none (winscard.dll is always found).
   */
  static Optional<String> locate(
      String osName,
      String osArch,
      Predicate<String> exists,
      Function<String, List<String>> listDir) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("mac") || os.contains("darwin")) {
      return Optional.of(MAC);
    }
    return candidates(osName, osArch, listDir).stream().filter(exists).findFirst();
  }

  /**
   * Where to look, in order: this architecture's multiarch folder, the other usual folders, then
   * any other {@code /usr/lib/*-linux-*} folder.
   */
  static List<String> candidates(
      String osName, String osArch, Function<String, List<String>> listDir) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("windows")) {
      return List.of();
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return List.of(MAC);
    }
    List<String> out = new ArrayList<>();
    String arch = osArch.toLowerCase(Locale.ROOT);
    for (List<String> m : MULTIARCH) {
      if (m.get(0).equals(arch)) {
        add(out, "/usr/lib/" + m.get(1) + "/" + LIB);
        add(out, "/lib/" + m.get(1) + "/" + LIB);
      }
    }
    boolean is64 = arch.contains("64");
    for (String dir :
        is64
            ? List.of("/usr/lib64", "/lib64", "/usr/lib", "/usr/local/lib64", "/usr/local/lib")
            : List.of("/usr/lib", "/usr/local/lib", "/usr/lib32")) {
      add(out, dir + "/" + LIB);
    }
    for (String name : listDir.apply("/usr/lib")) {
      if (name.contains("-linux-")) {
        add(out, "/usr/lib/" + name + "/" + LIB);
      }
    }
    // the unversioned name last: the -dev packages' symlink, what upstream JDKs look for
    add(out, "/usr/lib/libpcsclite.so");
    add(out, "/usr/local/lib/libpcsclite.so");
    return List.copyOf(out);
  }

  /** What to do when the PC/SC service does not answer, on this OS. */
  public static String serviceHint() {
    return serviceHint(osName());
  }

  static String serviceHint(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("windows")) {
      return "start the Smart Card service, e.g. 'sc start SCardSvr' as administrator";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return "macOS starts its PC/SC service when a reader is connected: reconnect the reader";
    }
    return "start pcscd, e.g. 'sudo systemctl start pcscd'";
  }

  /** What to do when no PC/SC library could be loaded, on this OS. */
  public static String libraryHint() {
    return libraryHint(osName());
  }

  // Windows (winscard.dll) and macOS (PCSC.framework) always have PC/SC: only other systems lack
  // the library, and only they are told to install pcsc-lite.
  static String libraryHint(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("windows")) {
      return "Windows' winscard.dll could not be used; check the Smart Card service (SCardSvr)";
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return "macOS's PCSC.framework could not be used; set -D" + PROPERTY + "=PATH to another";
    }
    return "install pcscd and libpcsclite1 (Debian, Ubuntu) or pcsc-lite (Fedora, Arch), or set -D"
        + PROPERTY
        + "=PATH";
  }

  private static void add(List<String> out, String path) {
    if (!out.contains(path)) {
      out.add(path);
    }
  }

  private static List<String> listDir(String dir) {
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static String osName() {
    return System.getProperty("os.name", "");
  }

  private static String osArch() {
    return System.getProperty("os.arch", "");
  }
}
