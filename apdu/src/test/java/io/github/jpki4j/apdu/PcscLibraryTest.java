package io.github.jpki4j.apdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where the PC/SC library is looked for, on each OS and architecture, without touching disk. */
class PcscLibraryTest {
  private static List<String> noDirs(String dir) {
    return List.of();
  }

  private static Optional<String> locate(
      String os, String arch, Set<String> files, Function<String, List<String>> dirs) {
    return PcscLibrary.locate(os, arch, files::contains, dirs);
  }

  @Test
  void debianAndUbuntuMultiarchFoldersComeFirst() {
    Set<String> files =
        Set.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1", "/usr/lib/libpcsclite.so");
    assertEquals(
        Optional.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"),
        locate("Linux", "amd64", files, PcscLibraryTest::noDirs));
    assertEquals(
        Optional.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1"),
        locate(
            "Linux",
            "aarch64",
            Set.of(
                "/usr/lib/aarch64-linux-gnu/libpcsclite.so.1",
                "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"),
            PcscLibraryTest::noDirs));
    assertEquals(
        Optional.of("/usr/lib/powerpc64le-linux-gnu/libpcsclite.so.1"),
        locate(
            "Linux",
            "ppc64le",
            Set.of("/usr/lib/powerpc64le-linux-gnu/libpcsclite.so.1"),
            PcscLibraryTest::noDirs));
  }

  @Test
  void fedoraAndArchFoldersAreFound() {
    assertEquals(
        Optional.of("/usr/lib64/libpcsclite.so.1"),
        locate("Linux", "amd64", Set.of("/usr/lib64/libpcsclite.so.1"), PcscLibraryTest::noDirs));
    assertEquals(
        Optional.of("/usr/lib/libpcsclite.so.1"),
        locate("Linux", "amd64", Set.of("/usr/lib/libpcsclite.so.1"), PcscLibraryTest::noDirs));
    assertEquals(
        Optional.of("/usr/local/lib/libpcsclite.so.1"),
        locate(
            "FreeBSD",
            "amd64",
            Set.of("/usr/local/lib/libpcsclite.so.1"),
            PcscLibraryTest::noDirs));
  }

  @Test
  void anUnlistedMultiarchFolderIsFoundByScanningUsrLib() {
    Function<String, List<String>> dirs =
        dir -> dir.equals("/usr/lib") ? List.of("jvm", "sparc64-linux-gnu") : List.of();
    assertEquals(
        Optional.of("/usr/lib/sparc64-linux-gnu/libpcsclite.so.1"),
        locate("Linux", "sparcv9", Set.of("/usr/lib/sparc64-linux-gnu/libpcsclite.so.1"), dirs));
    assertFalse(
        PcscLibrary.candidates("Linux", "sparcv9", dirs)
            .contains("/usr/lib/jvm/" + "libpcsclite.so.1"));
  }

  @Test
  void theUnversionedDevSymlinkIsTheLastResort() {
    List<String> all = PcscLibrary.candidates("Linux", "amd64", PcscLibraryTest::noDirs);
    assertEquals("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1", all.get(0));
    assertEquals("/usr/local/lib/libpcsclite.so", all.get(all.size() - 1));
    assertEquals(all.size(), Set.copyOf(all).size(), "no duplicates: " + all);
  }

  @Test
  void nothingFoundMeansTheJdkDefault() {
    assertEquals(Optional.empty(), locate("Linux", "amd64", Set.of(), PcscLibraryTest::noDirs));
  }

  @Test
  void macOsUsesTheFrameworkInTheDyldCacheAndWindowsItsOwnDll() {
    assertEquals(
        Optional.of("/System/Library/Frameworks/PCSC.framework/Versions/Current/PCSC"),
        locate("Mac OS X", "aarch64", Set.of(), PcscLibraryTest::noDirs));
    assertEquals(
        Optional.empty(),
        locate(
            "Windows 11", "amd64", Set.of("/usr/lib/libpcsclite.so.1"), PcscLibraryTest::noDirs));
    assertTrue(PcscLibrary.candidates("Windows 11", "amd64", PcscLibraryTest::noDirs).isEmpty());
  }

  @Test
  void aLibraryTheUserSetIsKeptAndReportedAsTheirs() {
    String before = System.getProperty(PcscLibrary.PROPERTY);
    try {
      System.setProperty(PcscLibrary.PROPERTY, "/nonexistent/libpcsclite.so.1");
      assertEquals(Optional.of("/nonexistent/libpcsclite.so.1"), PcscLibrary.configure());
      PcscLibrary.Status status = PcscLibrary.status();
      assertEquals(PcscLibrary.Source.USER, status.source());
      assertFalse(status.exists());
      assertEquals(
          "/nonexistent/libpcsclite.so.1 (set with -D" + PcscLibrary.PROPERTY + "; NO SUCH FILE)",
          status.describe());
    } finally {
      if (before == null) {
        System.clearProperty(PcscLibrary.PROPERTY);
      } else {
        System.setProperty(PcscLibrary.PROPERTY, before);
      }
    }
  }

  @Test
  void whatConfigureFindsIsReportedAsFound() {
    String before = System.getProperty(PcscLibrary.PROPERTY);
    try {
      System.clearProperty(PcscLibrary.PROPERTY);
      Optional<String> found = PcscLibrary.configure();
      PcscLibrary.Status status = PcscLibrary.status();
      if (found.isPresent()) {
        assertEquals(PcscLibrary.Source.FOUND, status.source());
        assertEquals(found.get(), status.path());
        assertEquals(found.get(), System.getProperty(PcscLibrary.PROPERTY));
        assertEquals(found.get() + " (found by jpki4j)", status.describe());
      } else {
        assertEquals(PcscLibrary.Source.JDK_DEFAULT, status.source());
        assertTrue(status.describe().startsWith("the JDK's default"), status.describe());
      }
      assertEquals(PcscLibrary.locate(), found);
    } finally {
      if (before == null) {
        System.clearProperty(PcscLibrary.PROPERTY);
      } else {
        System.setProperty(PcscLibrary.PROPERTY, before);
      }
    }
  }

  @Test
  void onlySystemsWithoutABuiltInPcscAreToldToInstallPcscLite() {
    for (String os : List.of("Windows 11", "Windows Server 2022", "Mac OS X")) {
      assertFalse(PcscLibrary.libraryHint(os).contains("libpcsclite"), os);
      assertFalse(PcscLibrary.libraryHint(os).contains("pcsc-lite"), os);
      assertFalse(PcscLibrary.serviceHint(os).contains("pcscd"), os);
    }
    assertTrue(PcscLibrary.serviceHint("Windows 10").contains("SCardSvr"));
    assertTrue(PcscLibrary.libraryHint("Linux").startsWith("install pcscd and libpcsclite1"));
    assertTrue(PcscLibrary.serviceHint("Linux").startsWith("start pcscd"));
    assertTrue(PcscLibrary.serviceHint("FreeBSD").startsWith("start pcscd"));
  }
}
