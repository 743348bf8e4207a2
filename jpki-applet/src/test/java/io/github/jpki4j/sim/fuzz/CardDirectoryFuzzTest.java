package io.github.jpki4j.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.VirtualCard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A persistent simulated card's directory as a user, an editor or a crash may leave it: {@code
 * state.properties} (PIN values and tries left) and {@code profile} with any contents. {@link
 * VirtualCard#open(Path)} must either give a working card, whose counters are in range and which
 * answers a SELECT of the JPKI AP, or throw {@link IOException} saying the directory is damaged.
 *
 * <p>The corpus files are the file contents, as text.
 */
class CardDirectoryFuzzTest {
  private static final Path DIR = cardDirectory();
  private static final String DEFAULT_STATE =
      "format=1\nauth.pin=1234\nauth.triesLeft=3\n" + "sign.pin=ABC123\nsign.triesLeft=5\n";
  private static final byte[] SELECT_AP = HexFormat.of().parseHex("00A4040C0AD392F000260100000001");

  /** {@code state.properties} with any contents; the profile is the default. */
  @FuzzTest
  void stateFile(byte[] contents) throws IOException {
    Files.write(DIR.resolve("state.properties"), contents);
    Files.deleteIfExists(DIR.resolve("profile"));
    openAndUse();
  }

  /** {@code profile} with any contents; the state is the default. */
  @FuzzTest
  void profileFile(byte[] contents) throws IOException {
    Files.writeString(DIR.resolve("state.properties"), DEFAULT_STATE);
    Files.write(DIR.resolve("profile"), contents);
    openAndUse();
  }

  private static void openAndUse() {
    VirtualCard card;
    try {
      card = VirtualCard.open(DIR);
    } catch (IOException damaged) {
      assertNotNull(damaged.getMessage());
      return;
    }
    try (card) {
      PinState pins = card.pinState();
      assertTrue(
          pins.authTriesLeft() <= PinState.AUTH_MAX_TRIES
              && pins.signTriesLeft() <= PinState.SIGN_MAX_TRIES);
      assertNotNull(card.profile());
      byte[] r = card.transmit(SELECT_AP);
      if (r[r.length - 2] == 0x6F) { // a card whose first command answers 6F00
        r = card.transmit(SELECT_AP);
      }
      assertTrue(r.length == 2 && r[0] == (byte) 0x90 && r[1] == 0, HexFormat.of().formatHex(r));
    }
  }

  // one card directory per JVM: made (identity generated) once, its two files rewritten per input
  private static Path cardDirectory() {
    try {
      Path dir = Files.createTempDirectory("jpki4j-fuzz-card");
      VirtualCard.open(dir).close();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left for the system to clean
    }
  }
}
