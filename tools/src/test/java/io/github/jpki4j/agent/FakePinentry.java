package io.github.jpki4j.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The fake pinentry script ({@code fake-pinentry.sh}) copied into a directory of its own, with the
 * PIN it answers and the log of what it was shown.
 */
final class FakePinentry {
  private final Path dir;
  private final Path program;

  private FakePinentry(Path dir, Path program) {
    this.dir = dir;
    this.program = program;
  }

  static FakePinentry in(Path dir, String pin) throws IOException {
    Files.createDirectories(dir);
    Path program = dir.resolve("fake-pinentry");
    try (InputStream in = FakePinentry.class.getResourceAsStream("fake-pinentry.sh")) {
      if (in == null) {
        throw new IOException("fake-pinentry.sh is not on the test class path");
      }
      Files.copy(in, program, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    FakePinentry p = new FakePinentry(dir, program);
    p.answer(pin);
    return p;
  }

  Path program() {
    return program;
  }

  /** The PIN the next GETPIN answers. */
  void answer(String pin) throws IOException {
    Files.writeString(dir.resolve("pin"), pin);
  }

  /** Makes GETPIN answer "cancelled" (or stop doing so). */
  void cancel(boolean cancel) throws IOException {
    if (cancel) {
      Files.writeString(dir.resolve("cancel"), "");
    } else {
      Files.deleteIfExists(dir.resolve("cancel"));
    }
  }

  /** The SETDESC, SETERROR, SETPROMPT and GETPIN lines received so far. */
  List<String> log() throws IOException {
    Path log = dir.resolve("pinentry.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** How many times a PIN was asked for. */
  long prompts() throws IOException {
    return log().stream().filter(l -> l.equals("GETPIN")).count();
  }

  /** The last line starting with {@code verb}, or null. */
  String last(String verb) throws IOException {
    List<String> lines = log();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(verb + " ")) {
        return lines.get(i);
      }
    }
    return null;
  }
}
