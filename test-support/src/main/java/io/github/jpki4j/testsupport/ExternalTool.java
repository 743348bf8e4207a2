package io.github.jpki4j.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The programs outside the JDK that some tests run, each with the Debian package that brings it. A
 * program is looked for on the PATH and in the sbin folders (daemons are often not on a user's
 * PATH); a driver library by its file; a second JDK by the home the environment names ({@link
 * #JAVA_25}). {@code JPKI_TEST_HIDE_TOOLS=a,b} hides tools by name, to try the skipping path on a
 * machine that has them.
 */
public enum ExternalTool {
  SSH("ssh", "openssh-client"),
  SSH_KEYGEN("ssh-keygen", "openssh-client"),
  SSH_ADD("ssh-add", "openssh-client"),
  SCP("scp", "openssh-client"),
  SSHD("sshd", "openssh-server"),
  GIT("git", "git"),
  SCRIPT("script", "bsdutils"),
  SETPRIV("setpriv", "util-linux"),
  OPENSSL("openssl", "openssl"),
  PCSCD("pcscd", "pcscd"),
  VPCD("libifdvpcd.so", "vsmartcard-vpcd"),
  PCSC_SCAN("pcsc_scan", "pcsc-tools"),
  OPENSC("pkcs11-tool", "opensc"),
  XVFB("Xvfb", "xvfb"),
  DASH("dash", "dash"),
  PDFSIG("pdfsig", "poppler-utils"),
  QPDF("qpdf", "qpdf"),
  CERTUTIL("certutil", "libnss3-tools"),
  PK12UTIL("pk12util", "libnss3-tools"),
  DPKG("dpkg", "dpkg"),
  DPKG_DEB("dpkg-deb", "dpkg"),
  FAKEROOT("fakeroot", "fakeroot"),
  JPACKAGE("jpackage", "openjdk-17-jdk"),

  /**
   * A JDK 25, for the launcher's behaviour on a newer runtime than the build's: its home is named
   * by {@code JPKI_TEST_JAVA25} (set by {@code .ci/run}), never guessed here. {@link #find} gives
   * that home.
   */
  JAVA_25("java25", null);

  /** The variable naming {@link #JAVA_25}'s home. */
  public static final String JAVA_25_VARIABLE = "JPKI_TEST_JAVA25";

  private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
  private static final List<String> PCSC_DRIVERS =
      List.of("/usr/lib/pcsc/drivers", "/usr/local/lib/pcsc/drivers", "/usr/lib64/pcsc/drivers");

  private final String program;
  private final String debianPackage;

  ExternalTool(String program, String debianPackage) {
    this.program = program;
    this.debianPackage = debianPackage;
  }

  /** The program's file name, e.g. {@code ssh-keygen}. */
  public String program() {
    return program;
  }

  /** The Debian package to install for it, or null when Debian has none. */
  public String debianPackage() {
    return debianPackage;
  }

  /** How to get it, for the skip message: the package, or what to set. */
  public String howToGet() {
    return debianPackage != null
        ? "apt-get install " + debianPackage
        : "set " + JAVA_25_VARIABLE + " to the home of a JDK 25, e.g. Eclipse Temurin 25";
  }

  /** Where the tool is, if this machine has it (and it is not hidden). */
  public Optional<Path> find() {
    String hidden = System.getenv("JPKI_TEST_HIDE_TOOLS");
    if (hidden != null
        && List.of(hidden.toLowerCase(Locale.ROOT).split(","))
            .contains(program.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    if (this == VPCD) {
      return findDriver();
    }
    if (this == JAVA_25) {
      return findJdkHome(System.getenv(JAVA_25_VARIABLE));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
          return Optional.of(Path.of(dir, program));
        }
      }
    }
    for (String dir : SBIN) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> findJdkHome(String home) {
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(home);
    return Files.isExecutable(dir.resolve("bin/java")) ? Optional.of(dir) : Optional.empty();
  }

  private Optional<Path> findDriver() {
    for (String root : PCSC_DRIVERS) {
      Path dir = Path.of(root);
      if (Files.isDirectory(dir)) {
        try (var files = Files.walk(dir, 4)) {
          Optional<Path> found =
              files.filter(p -> p.getFileName().toString().equals(program)).findFirst();
          if (found.isPresent()) {
            return found;
          }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
          // unreadable: as if absent
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the test run must prove everything: {@code CI=true} or {@code -Djpki.requireTools}. */
  public static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("jpki.requireTools");
  }
}
