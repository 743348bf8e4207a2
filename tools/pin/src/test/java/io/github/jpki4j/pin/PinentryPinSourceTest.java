package io.github.jpki4j.pin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.testsupport.FakePinentry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Assuan dialogue against real child processes: bash scripts posing as pinentry. A deadline a
 * test does not check is {@link FakePrograms#GENEROUS}; one it checks ({@link #DEADLINE}) leaves a
 * bash script room to start on a loaded machine, and is met by a program that hangs for an hour.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(120)
class PinentryPinSourceTest {
  /** A deadline under test: a script that hangs must be stopped at it. */
  static final Duration DEADLINE = Duration.ofSeconds(2);

  static final PinRequest REQUEST =
      new PinRequest(
          "jpki4j",
          "My Number Card: enter the auth PIN (4 digits). 2 of 3 tries left.",
          "Auth PIN:",
          null);

  @TempDir Path dir;
  FakePinentry pinentry;

  @BeforeEach
  void setUp() throws IOException {
    pinentry = FakePinentry.in(dir.resolve("pinentry"), "unused");
    pinentry.rejectOptions(true);
  }

  @AfterEach
  void stopLeftovers() {
    FakePrograms.stopLeftovers(dir, dir.resolve("pid"), dir.resolve("child"));
  }

  PinentryPinSource fake(String getPinReply) throws IOException {
    return fake(getPinReply, Map.of());
  }

  PinentryPinSource fake(String getPinReply, Map<String, String> options) throws IOException {
    pinentry.reply(getPinReply);
    return new PinentryPinSource(
        List.of(pinentry.program().toString()),
        FakePrograms.GENEROUS,
        FakePrograms.GENEROUS,
        FakePrograms.GENEROUS,
        options);
  }

  PinentryPinSource script(String body, Duration timeout, Duration exitGrace) throws IOException {
    return script(body, timeout, exitGrace, FakePrograms.GENEROUS);
  }

  PinentryPinSource script(String body, Duration timeout, Duration exitGrace, Duration greeting)
      throws IOException {
    Path program = FakePrograms.script(dir, "pinentry-script", body);
    return new PinentryPinSource(
        List.of(program.toString(), dir.toString()), timeout, exitGrace, greeting, Map.of());
  }

  List<String> received() throws IOException {
    return pinentry.received();
  }

  @Test
  void getPinSendsTheRequestAndReturnsThePin() throws Exception {
    PinRequest request =
        new PinRequest(
            "jpki4j",
            "My Number Card: enter the auth PIN (4 digits).\n2 of 3 tries left. 100% sure\r",
            "Auth PIN:",
            "Wrong PIN: 2 tries left");
    char[] pin = fake("D 1234\nOK\n").readPin(request);

    assertArrayEquals("1234".toCharArray(), pin);
    assertEquals(
        List.of(
            "SETTITLE jpki4j",
            "SETDESC My Number Card: enter the auth PIN (4 digits).%0A2 of 3 tries left. 100%25"
                + " sure%0D",
            "SETPROMPT Auth PIN:",
            "SETERROR Wrong PIN: 2 tries left",
            "GETPIN",
            "BYE"),
        received());
  }

  @Test
  void noPinIsEverSentToThePinentry() throws Exception {
    char[] pin = fake("D 1234\nOK\n").readPin(REQUEST);

    assertArrayEquals("1234".toCharArray(), pin);
    String all = Files.readString(pinentry.receivedLog(), StandardCharsets.UTF_8);
    assertFalse(all.contains("1234"), all);
    for (String line : received()) {
      assertFalse(line.startsWith("D"), line);
    }
  }

  @Test
  void withoutAnErrorThereIsNoSeterror() throws Exception {
    fake("D 1234\nOK\n").readPin(REQUEST);

    assertTrue(received().stream().noneMatch(l -> l.startsWith("SETERROR")), received()::toString);
    assertTrue(received().contains("SETDESC " + REQUEST.description()));
  }

  @Test
  void optionsAreSentAndTheirErrorsIgnored() throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ttyname", "/dev/pts/9");
    options.put("lc-ctype", "ja_JP.UTF-8");
    char[] pin = fake("D 1234\nOK\n", options).readPin(REQUEST);

    assertArrayEquals("1234".toCharArray(), pin);
    assertEquals(
        List.of("OPTION ttyname=/dev/pts/9", "OPTION lc-ctype=ja_JP.UTF-8", "SETTITLE jpki4j"),
        received().subList(0, 3));
  }

  @Test
  void dataIsPercentDecoded() throws Exception {
    assertArrayEquals("12%34".toCharArray(), fake("D 12%2534\nOK\n").readPin(REQUEST));
  }

  @Test
  void dataMaySpanLinesBetweenCommentsAndStatusLines() throws Exception {
    char[] pin = fake("D 12\n# a comment\nS PROGRESS 1\nD %2534%0a%C3%A9\nOK\n").readPin(REQUEST);

    assertArrayEquals("12%34\né".toCharArray(), pin);
  }

  @Test
  void okWithoutDataIsAnEmptyPin() throws Exception {
    assertEquals(0, fake("OK\n").readPin(REQUEST).length);
  }

  @Test
  void cancelIsReportedAsCancelled() throws Exception {
    PinEntryException e =
        assertThrows(
            PinEntryException.class,
            () -> fake("ERR 83886179 Operation cancelled <Pinentry>\n").readPin(REQUEST));

    assertTrue(e.cancelled());
    assertTrue(e.getMessage().startsWith("PIN entry cancelled"), e.getMessage());
    assertEquals("BYE", received().get(received().size() - 1));
  }

  @Test
  void otherErrorsAreFailures() throws Exception {
    PinEntryException e =
        assertThrows(
            PinEntryException.class,
            () -> fake("ERR 83886142 Timeout <Pinentry>\n").readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().contains("ERR 83886142 Timeout"), e.getMessage());
  }

  @Test
  void cancelCodesFromAnySource() {
    assertTrue(PinentryPinSource.isCancel("ERR 83886179 Operation cancelled <Pinentry>"));
    assertTrue(PinentryPinSource.isCancel("ERR 83886194 Not confirmed <Pinentry>"));
    assertTrue(PinentryPinSource.isCancel("ERR 99 x"));
    assertTrue(PinentryPinSource.isCancel("ERR 1 Canceled by user"));
    assertFalse(PinentryPinSource.isCancel("ERR 83886142 Timeout <Pinentry>"));
    assertFalse(PinentryPinSource.isCancel("ERR"));
  }

  @Test
  void malformedDataFailsWithoutShowingIt() throws Exception {
    PinEntryException e =
        assertThrows(PinEntryException.class, () -> fake("D xyzzy%G4\nOK\n").readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    assertFalse(e.getMessage().contains("xyzzy"), e.getMessage());
  }

  @Test
  void overLongPinIsRefused() throws Exception {
    String data = "D " + "Z".repeat(PinentryPinSource.MAX_PIN_BYTES + 1) + "\nOK\n";
    PinEntryException e = assertThrows(PinEntryException.class, () -> fake(data).readPin(REQUEST));

    assertTrue(e.getMessage().contains("over-long"), e.getMessage());
    assertFalse(e.getMessage().contains("ZZZ"), e.getMessage());
  }

  @Test
  void garbageAfterGetpinFailsWithoutEchoingIt() throws Exception {
    PinEntryException e =
        assertThrows(
            PinEntryException.class, () -> fake("D xyzzy\nHELLO xyzzy\n").readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().contains("unexpected reply to GETPIN"), e.getMessage());
    assertFalse(e.getMessage().contains("xyzzy"), e.getMessage());
    assertFalse(e.getMessage().contains("HELLO"), e.getMessage());
  }

  @Test
  void somethingThatIsNotAPinentry() throws Exception {
    PinentryPinSource source =
        script(
            "echo 'Usage: not-a-pinentry FILE'\ncat > /dev/null\n",
            FakePrograms.GENEROUS,
            FakePrograms.GENEROUS);
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertTrue(
        e.getMessage()
            .endsWith(
                "sent an unexpected reply to the greeting;"
                    + " is it a pinentry (Assuan) program?"),
        e.getMessage());
  }

  @Test
  void pinentryThatEndsEarly() throws Exception {
    PinentryPinSource source =
        script("echo OK\nread -r line\nexit 3\n", FakePrograms.GENEROUS, FakePrograms.GENEROUS);
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(
        e.getMessage().endsWith("ended before answering SETTITLE (exit status 3)"), e.getMessage());
  }

  @Test
  void errorOnSetdescIsAFailure() throws Exception {
    PinentryPinSource source =
        script(
            "echo OK\nwhile read -r l; do case \"$l\" in SETDESC*) echo 'ERR 1 no';; *) echo OK;;"
                + " esac; done\n",
            FakePrograms.GENEROUS,
            FakePrograms.GENEROUS);
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertTrue(e.getMessage().endsWith("refused SETDESC: ERR 1 no"), e.getMessage());
  }

  @Test
  void hangingPinentryIsStoppedAtTheDeadline() throws Exception {
    PinentryPinSource source =
        script(
            """
            echo $$ > "$1/pid"
            echo OK
            while IFS= read -r line; do
              case "$line" in
                GETPIN) sleep %d & echo $! > "$1/child"; wait ;;
                *) echo OK ;;
              esac
            done
            """
                .formatted(FakePrograms.HANG_SECONDS),
            DEADLINE,
            FakePrograms.GENEROUS);
    PinEntryException e =
        assertInstanceOf(
            PinEntryException.class,
            FakePrograms.stoppedAt(DEADLINE, () -> source.readPin(REQUEST)).thrown());

    assertFalse(e.cancelled());
    assertTrue(
        e.getMessage().endsWith("did not finish within 2 s; it was stopped"), e.getMessage());
    FakePrograms.assertGone(dir.resolve("pid"));
    FakePrograms.assertGone(dir.resolve("child"));
  }

  @Test
  void programThatNeverGreetsIsStoppedEarly() throws Exception {
    PinentryPinSource source =
        script(
            "echo $$ > \"$1/pid\"\nexec sleep " + FakePrograms.HANG_SECONDS + "\n",
            FakePrograms.GENEROUS,
            FakePrograms.GENEROUS,
            DEADLINE);
    PinEntryException e =
        assertInstanceOf(
            PinEntryException.class,
            FakePrograms.stoppedAt(DEADLINE, () -> source.readPin(REQUEST)).thrown());

    assertTrue(e.getMessage().endsWith("did not greet within 2 s; it was stopped"), e.getMessage());
    FakePrograms.assertGone(dir.resolve("pid"));
  }

  @Test
  void theGreetingDeadlineDoesNotCutTheDialogueShort() throws Exception {
    // GETPIN answers after the greeting deadline has passed: only the greeting is bound by it.
    PinentryPinSource source =
        script(
            "echo OK\nwhile IFS= read -r line; do case \"$line\" in GETPIN) sleep "
                + (DEADLINE.toMillis() / 1000.0 + 0.5)
                + "; echo 'D 1234'; echo OK;; BYE) exit 0;; *) echo OK;; esac; done\n",
            FakePrograms.GENEROUS,
            FakePrograms.GENEROUS,
            DEADLINE);

    assertArrayEquals("1234".toCharArray(), source.readPin(REQUEST));
  }

  @Test
  void pinentryThatIgnoresByeIsStoppedAfterTheGrace() throws Exception {
    PinentryPinSource source =
        script(
            """
            echo $$ > "$1/pid"
            echo OK
            while IFS= read -r line; do
              case "$line" in
                GETPIN) echo 'D 4321'; echo OK ;;
                BYE) sleep %d ;;
                *) echo OK ;;
              esac
            done
            """
                .formatted(FakePrograms.HANG_SECONDS),
            FakePrograms.GENEROUS,
            Duration.ofMillis(200));
    FakePrograms.Outcome<char[]> pin =
        FakePrograms.stoppedAt(Duration.ofMillis(200), () -> source.readPin(REQUEST));

    assertArrayEquals("4321".toCharArray(), pin.value(), () -> "failed: " + pin.thrown());
    FakePrograms.assertGone(dir.resolve("pid"));
  }

  @Test
  void inquiryIsDeclinedWithCan() throws Exception {
    PinentryPinSource source =
        script(
            """
            echo OK
            while IFS= read -r line; do
              case "$line" in
                GETPIN) echo 'INQUIRE QUALITY 12'; read -r answer; \
            printf '%s\\n' "$answer" > "$1/answer"; echo 'D 1234'; echo OK ;;
                BYE) exit 0 ;;
                *) echo OK ;;
              esac
            done
            """,
            FakePrograms.GENEROUS, FakePrograms.GENEROUS);

    assertArrayEquals("1234".toCharArray(), source.readPin(REQUEST));
    assertEquals("CAN", Files.readString(dir.resolve("answer")).strip());
  }

  @Test
  void errorAfterADeclinedInquiryIsNotACancel() throws Exception {
    PinentryPinSource source =
        script(
            """
            echo OK
            while IFS= read -r line; do
              case "$line" in
                GETPIN) echo 'INQUIRE QUALITY 12'; read -r answer; \
            echo 'ERR 83886179 Operation cancelled' ;;
                *) echo OK ;;
              esac
            done
            """,
            FakePrograms.GENEROUS,
            FakePrograms.GENEROUS);
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(e.getMessage().contains("asked for QUALITY (INQUIRE)"), e.getMessage());
  }

  @Test
  void longTextIsShortenedBelowTheLineLimit() throws Exception {
    PinRequest request = new PinRequest(null, "é".repeat(1000), "Auth PIN:", null);
    fake("D 1234\nOK\n").readPin(request);

    byte[] all = Files.readAllBytes(pinentry.receivedLog());
    String setdesc = received().get(0);
    assertTrue(setdesc.startsWith("SETDESC éé"), setdesc);
    int bytes = setdesc.getBytes(StandardCharsets.UTF_8).length + 1;
    assertTrue(bytes < 1000 && bytes > 990, bytes + " bytes");
    assertFalse(new String(all, StandardCharsets.UTF_8).contains("\uFFFD"));
  }

  @Test
  void programThatCannotBeStarted() {
    String missing = dir.resolve("no-such-pinentry").toString();
    PinentryPinSource source = new PinentryPinSource(List.of(missing));
    PinEntryException e = assertThrows(PinEntryException.class, () -> source.readPin(REQUEST));

    assertFalse(e.cancelled());
    assertTrue(
        e.getMessage().startsWith("pinentry program " + missing + " could not be started: "),
        e.getMessage());
  }

  @Test
  void defaultOptionsComeFromTheEnvironment() {
    assertEquals(
        Map.of(
            "ttyname", "/dev/pts/3",
            "ttytype", "xterm-256color",
            "lc-ctype", "ja_JP.UTF-8",
            "lc-messages", "C"),
        PinentryPinSource.defaultOptions(
            Map.of(
                "GPG_TTY", "/dev/pts/3",
                "TERM", "xterm-256color",
                "LC_CTYPE", "ja_JP.UTF-8",
                "LC_MESSAGES", "C",
                "LANG", "en_US.UTF-8"),
            "/dev/pts/7"));
    assertEquals(
        Map.of("ttyname", "/dev/pts/7"), PinentryPinSource.defaultOptions(Map.of(), "/dev/pts/7"));
    assertEquals(Map.of(), PinentryPinSource.defaultOptions(Map.of("TERM", "dumb"), null));
  }

  @Test
  void badArguments() {
    assertThrows(IllegalArgumentException.class, () -> new PinentryPinSource(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PinentryPinSource(List.of("pinentry"), Duration.ZERO));
    assertThrows(NullPointerException.class, () -> new PinentryPinSource(null));
  }
}
