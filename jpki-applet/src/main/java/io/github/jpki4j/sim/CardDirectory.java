package io.github.jpki4j.sim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a persistent virtual card keeps what a real card keeps in its chip, and which card it is:
 *
 * <pre>
 *   DIR/                    created 0700 where POSIX
 *     auth-cert.der auth-ca-cert.der sign-cert.der sign-ca-cert.der auth-key.pk8 sign-key.pk8
 *     state.properties      PIN values and tries left (see CardStateFile)
 *     profile               the card's profile spec, one line (see CardProfile); absent = default
 *     .lock                 locked while the directory is open
 * </pre>
 *
 * <p>The identity is generated from {@link TestIdentity#DEFAULT_SEED} on first use (the only time
 * BouncyCastle is needed) and loaded with the JDK afterwards; {@code state.properties} is written
 * last, so a directory without it is not a card yet. One process at a time holds the directory.
 */
final class CardDirectory implements AutoCloseable {
  static final String LOCK_FILE = ".lock";
  static final String PROFILE_FILE = "profile";

  private final Path dir;
  private final FileChannel lockChannel;
  private final CardStateFile stateFile;
  private final TestIdentity identity;
  private final PinState pins;
  private final CardProfile profile;

  private CardDirectory(
      Path dir,
      FileChannel lockChannel,
      CardStateFile stateFile,
      TestIdentity identity,
      PinState pins,
      CardProfile profile) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.stateFile = stateFile;
    this.identity = identity;
    this.pins = pins;
    this.profile = profile;
  }

  /**
   * Opens (creating on first use) the card kept in {@code dir}.
   *
   * @param newProfile if not null, the card's profile from now on (written before it is used)
   * @throws IOException if the directory cannot be written or read, holds a damaged card, or is
   *     open elsewhere (in this process or another)
   */
  static CardDirectory open(Path dir, CardProfile newProfile) throws IOException {
    return open(dir, newProfile, TestIdentity.DEFAULT_SEED);
  }

  /**
   * Opens the card kept in {@code dir}, creating it on first use with the identity of {@code seed}
   * (another seed, another test person: another key pair and fingerprint).
   */
  static CardDirectory open(Path dir, CardProfile newProfile, long seed) throws IOException {
    if (!Files.isDirectory(dir)) {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileChannel lockChannel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException("the virtual card in " + dir + " is already in use");
      }
      CardStateFile stateFile = new CardStateFile(dir);
      TestIdentity identity;
      PinState pins;
      if (stateFile.exists()) {
        pins = stateFile.read();
        identity = TestIdentity.load(dir);
      } else {
        identity = TestIdentity.generate(seed);
        identity.save(dir);
        pins = PinState.defaults();
        if (newProfile == null) {
          writeProfile(dir, CardProfile.DEFAULT);
        }
        stateFile.write(pins);
      }
      CardProfile profile;
      if (newProfile != null) {
        writeProfile(dir, newProfile);
        profile = newProfile;
      } else {
        profile = readProfile(dir);
      }
      return new CardDirectory(dir, lockChannel, stateFile, identity, pins, profile);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  Path path() {
    return dir;
  }

  TestIdentity identity() {
    return identity;
  }

  /** The PIN state found when the directory was opened. */
  PinState pins() {
    return pins;
  }

  CardProfile profile() {
    return profile;
  }

  /** Persists the PIN counters (atomically; see {@link CardStateFile}). */
  void writePins(PinState newPins) throws IOException {
    stateFile.write(newPins);
  }

  private static CardProfile readProfile(Path dir) throws IOException {
    Path file = dir.resolve(PROFILE_FILE);
    if (!Files.isRegularFile(file)) {
      return CardProfile.DEFAULT; // a card made before profiles existed
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String spec = line.strip();
      if (!spec.isEmpty() && !spec.startsWith("#")) {
        try {
          return CardProfile.parse(spec);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
      }
    }
    throw new IOException(file + " is damaged: it names no profile");
  }

  private static void writeProfile(Path dir, CardProfile profile) throws IOException {
    Path file = dir.resolve(PROFILE_FILE);
    Path tmp = Files.createTempFile(dir, PROFILE_FILE, ".tmp");
    try {
      Files.writeString(
          tmp,
          "# jpki4j virtual card profile ('jpki sim profiles' lists them)\n" + profile + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Releases the directory. */
  @Override
  public void close() {
    try {
      lockChannel.close(); // releases the lock
    } catch (IOException e) {
      // nothing left to do: the process ending releases it too
    }
  }
}
