package io.github.jpki4j.sim;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * {@code state.properties} of a persistent virtual card: the PIN values and their tries left. Every
 * write goes to a temporary file in the same directory, is forced to disk, and replaces the old
 * file with an atomic rename, so a reader sees the old state or the new one, never half.
 *
 * <pre>
 *   # jpki4j virtual card state: test PINs of a simulated card
 *   format=1
 *   auth.pin=1234
 *   auth.triesLeft=3
 *   sign.pin=ABC123
 *   sign.triesLeft=5
 * </pre>
 */
final class CardStateFile {
  static final String NAME = "state.properties";
  private final Path file;

  CardStateFile(Path dir) {
    this.file = dir.resolve(NAME);
  }

  boolean exists() {
    return Files.isRegularFile(file);
  }

  PinState read() throws IOException {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
    } catch (IllegalArgumentException e) { // a malformed unicode escape (backslash-u)
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
    if (!"1".equals(p.getProperty("format"))) {
      throw new IOException(file + ": unknown format " + p.getProperty("format"));
    }
    try {
      return new PinState(
          p.getProperty("auth.pin"),
          Integer.parseInt(p.getProperty("auth.triesLeft")),
          p.getProperty("sign.pin"),
          Integer.parseInt(p.getProperty("sign.triesLeft")));
    } catch (RuntimeException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  void write(PinState pins) throws IOException {
    String text =
        "# jpki4j virtual card state: test PINs of a simulated card\n"
            + "format=1\n"
            + "auth.pin="
            + pins.authPin()
            + "\n"
            + "auth.triesLeft="
            + pins.authTriesLeft()
            + "\n"
            + "sign.pin="
            + pins.signPin()
            + "\n"
            + "sign.triesLeft="
            + pins.signTriesLeft()
            + "\n";
    Path dir = file.getParent();
    Path tmp = Files.createTempFile(dir, NAME, ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
