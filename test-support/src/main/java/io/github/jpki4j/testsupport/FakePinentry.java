package io.github.jpki4j.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one fake pinentry of the tests: a bash script speaking just enough Assuan, in a directory of
 * its own, steered and watched through files beside it. It greets, records every line it receives
 * (never what it answers, so a test can check that no PIN was sent to it), answers GETPIN with the
 * configured reply (by default {@code D <pin>} and {@code OK}), or with "cancelled" while {@link
 * #cancel cancelled}; answers OPTION with OK, or with "unknown option" when {@link #rejectOptions}
 * is set (what an old pinentry does); BYE by leaving; anything else with OK.
 */
public final class FakePinentry {
  /** What a pinentry answers GETPIN when the user presses Cancel. */
  public static final String CANCELLED = "ERR 83886179 Operation cancelled <Pinentry>\n";

  private static final String SCRIPT =
      """
      #!/usr/bin/env bash
      # A fake pinentry written by the tests (io.github.jpki4j.testsupport.FakePinentry).
      here="$(dirname "$0")"
      echo 'OK Pleased to meet you'
      while IFS= read -r line; do
        printf '%s\\n' "$line" >> "$here/received.log"
        case "$line" in
          OPTION*)
            if [ -e "$here/reject-options" ]; then echo 'ERR 83886254 Unknown option <Pinentry>'
            else echo OK; fi ;;
          GETPIN*)
            if [ -e "$here/cancel" ]; then cat "$here/cancel"; else cat "$here/reply"; fi ;;
          BYE*) echo 'OK closing connection'; exit 0 ;;
          *) echo OK ;;
        esac
      done
      """;

  private final Path dir;
  private final Path program;

  private FakePinentry(Path dir) {
    this.dir = dir;
    this.program = dir.resolve("fake-pinentry");
  }

  /**
   * A fake pinentry in {@code dir} (created if needed; give it a directory of its own) that answers
   * {@code pin}.
   */
  public static FakePinentry in(Path dir, String pin) throws IOException {
    FakePinentry p = new FakePinentry(Files.createDirectories(dir));
    TestProcess.executable(p.program, SCRIPT);
    p.answer(pin);
    return p;
  }

  /** The program to give as the pinentry. */
  public Path program() {
    return program;
  }

  /** Makes the next GETPIN answer {@code pin}. */
  public void answer(String pin) throws IOException {
    reply("D " + pin + "\nOK\n");
  }

  /** Makes the next GETPIN answer exactly these Assuan lines (each ending in a newline). */
  public void reply(String lines) throws IOException {
    Files.writeString(dir.resolve("reply"), lines);
  }

  /** Makes GETPIN answer "cancelled", or (false) the reply again. */
  public void cancel(boolean cancel) throws IOException {
    if (cancel) {
      Files.writeString(dir.resolve("cancel"), CANCELLED);
    } else {
      Files.deleteIfExists(dir.resolve("cancel"));
    }
  }

  /** Makes OPTION answer "unknown option", or (false) OK again. */
  public void rejectOptions(boolean reject) throws IOException {
    if (reject) {
      Files.writeString(dir.resolve("reject-options"), "");
    } else {
      Files.deleteIfExists(dir.resolve("reject-options"));
    }
  }

  /** The file of every line received, as the bytes arrived (it may not exist yet). */
  public Path receivedLog() {
    return dir.resolve("received.log");
  }

  /** Every line received so far, in order, across all the times it was started. */
  public List<String> received() throws IOException {
    return Files.exists(receivedLog()) ? Files.readAllLines(receivedLog()) : List.of();
  }

  /** How many times a PIN was asked for. */
  public long prompts() throws IOException {
    return received().stream().filter(l -> l.startsWith("GETPIN")).count();
  }

  /** The last line received that starts with {@code verb} and a space, or null. */
  public String last(String verb) throws IOException {
    List<String> lines = received();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(verb + " ")) {
        return lines.get(i);
      }
    }
    return null;
  }
}
