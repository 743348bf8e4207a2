package io.github.jpki4j.simtest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.simtest.faults.FaultPlan.Exchange;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.testsupport.Await;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault at every APDU of {@code jpki ssh-key}, {@code cert}, {@code sign} and {@code pin
 * verify}, run in process through a PC/SC reader ({@link FaultyPcsc}) whose card answers through a
 * {@link FaultInjectingTransport}. For each operation the clean run gives N APDUs; then for every
 * fault kind and every k in 1..N the command runs once with the k-th APDU failed, and:
 *
 * <ul>
 *   <li>it succeeds with the clean run's result (the fault was absorbed), or it fails with one line
 *       on stderr, {@code jpki: <sentence>}, no stack trace, nothing on stdout and no file left
 *       behind (no signature, whole or partial);
 *   <li>no VERIFY carrying a PIN is sent twice; one whose answer was lost is followed by a counter
 *       read (free), and the message says what the counter is now;
 *   <li>a signature file is written only when it verifies against the card's certificate;
 *   <li>the card's PIN counter is still full (the PIN given is the right one).
 * </ul>
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CliFaultsTest {
  /** Faults injected per operation and kind, for docs/robustness.md. */
  static final Map<String, Map<Fault, Integer>> INJECTED = new LinkedHashMap<>();

  /** Of those, how many runs still succeeded with the right result (the fault absorbed). */
  static final Map<String, Map<Fault, Integer>> ABSORBED = new LinkedHashMap<>();

  /** Every distinct message the user saw, for review. */
  static final java.util.SortedSet<String> MESSAGES = new java.util.TreeSet<>();

  @TempDir static Path dir;
  static VirtualCard card;
  static FaultPlan plan;
  static FaultyPcsc pcsc;
  static TestIdentity identity;

  @BeforeAll
  static void install() {
    identity = TestIdentity.defaultIdentity();
    card = VirtualCard.create(identity);
    plan = new FaultPlan();
    pcsc = FaultyPcsc.install(card, plan);
  }

  @AfterAll
  static void uninstall() throws Exception {
    pcsc.close();
    card.close();
    StringBuilder s =
        FaultReport.describe("CLI faults injected", INJECTED, "succeeded anyway", ABSORBED);
    s.append("Messages seen:\n");
    MESSAGES.forEach(m -> s.append("  ").append(m).append('\n'));
    FaultReport.write("cli", s);
  }

  record Run(int exit, String out, String err, List<Exchange> exchanges) {
    @Override
    public String toString() {
      return "exit "
          + exit
          + ", stdout ["
          + out.strip()
          + "], stderr ["
          + err.strip()
          + "], APDUs "
          + exchanges;
    }
  }

  private static Run jpki(String stdin, Fault fault, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "--reader";
    all[1] = "0";
    System.arraycopy(args, 0, all, 2, args.length);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    all,
                    new ByteArrayInputStream(
                        (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of()));
    if (fault == Fault.HANG) {
      // the command reaches the hung APDU (or ends before it): no guess at how long that takes
      Await.until(
          "jpki " + String.join(" ", args) + " to reach the hung APDU or end",
          TestProcess.DEFAULT_TIMEOUT,
          Duration.ofMillis(5),
          () -> "stderr so far: " + err.toString(StandardCharsets.UTF_8),
          () -> plan.awaitHang(0) || exit.isDone());
      if (plan.awaitHang(0)) {
        // the command waits for the card, as it would for a reader that stopped answering
        assertTrue(!exit.isDone(), "the command must wait while the card does not answer");
        plan.releaseHang();
      }
    }
    int code = exit.get(TestProcess.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return new Run(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        plan.exchanges());
  }

  interface Outcome {
    /** Checks a successful run's result against the clean run's; returns a problem or null. */
    String check(Run clean, Run run) throws Exception;
  }

  private static void everyFaultAtEveryApdu(
      String name, String stdin, Outcome outcome, String... args) throws Exception {
    card.removeCard();
    card.insertCard();
    plan.disarm().reset();
    Run clean = jpki(stdin, null, args);
    assertEquals(0, clean.exit(), "clean run of " + name + ": " + clean);
    int n = clean.exchanges().size();
    assertTrue(n >= 2, "clean run of " + name + ": " + clean);
    assertEquals(null, outcome.check(clean, clean), "clean run of " + name + ": " + clean);
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    Map<Fault, Integer> absorbed = new EnumMap<>(Fault.class);
    List<String> problems = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (int k = 1; k <= n; k++) {
        card.removeCard(); // a fresh card session, as for a new process
        card.insertCard();
        int before = plan.injected();
        plan.arm(fault, k);
        Run run = jpki(stdin, fault, args);
        plan.disarm();
        counts.merge(fault, plan.injected() - before, Integer::sum);
        absorbed.merge(fault, run.exit() == 0 ? 1 : 0, Integer::sum);
        String problem =
            plan.injected() - before != 1
                ? (plan.injected() - before) + " faults injected, not 1"
                : check(name, fault, k, clean, run, outcome);
        if (problem != null) {
          problems.add(name + ", " + fault + " at APDU " + k + ": " + problem + "\n    " + run);
        }
      }
    }
    INJECTED.put(name, counts);
    ABSORBED.put(name, absorbed);
    assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
  }

  private static String check(String name, Fault fault, int k, Run clean, Run run, Outcome outcome)
      throws Exception {
    if (card.pinState().authTriesLeft() != PinState.AUTH_MAX_TRIES
        || card.pinState().signTriesLeft() != PinState.SIGN_MAX_TRIES) {
      return "a PIN try was lost: " + card.pinState();
    }
    List<Exchange> verifies = run.exchanges().stream().filter(Exchange::isVerifyWithPin).toList();
    if (verifies.size() > 1) {
      return "VERIFY with the PIN sent " + verifies.size() + " times";
    }
    Exchange faulty = run.exchanges().get(Math.min(k, run.exchanges().size()) - 1);
    boolean lostVerify =
        faulty.fault() != null && faulty.isVerifyWithPin() && fault != Fault.OVERLONG;
    if (lostVerify && fault != Fault.CARD_REMOVED) {
      boolean reread =
          run.exchanges().stream().anyMatch(e -> e.index() > faulty.index() && e.isCounterRead());
      if (!reread) {
        return "the VERIFY's answer was lost and the counter was not read again";
      }
    }
    if (run.exit() == 0) {
      String problem = outcome.check(clean, run);
      if (problem != null) {
        return "succeeded with a wrong result: " + problem;
      }
      return null;
    }
    if (!run.out().isEmpty()) {
      return "failed, yet wrote to stdout: " + run.out().strip();
    }
    List<String> lines = run.err().lines().toList();
    if (lines.size() != 1) {
      return lines.size() + " lines on stderr, not one";
    }
    String line = lines.get(0);
    MESSAGES.add(line.replaceAll("\\d+ bytes", "N bytes"));
    if (!line.startsWith("jpki: ")
        || line.length() < 20
        || line.length() > 300
        || line.contains("Exception")
        || line.contains("java.")
        || line.contains("\tat ")
        || line.contains("null")) {
      return "not one clear sentence: " + line;
    }
    if (lostVerify
        && fault != Fault.CARD_REMOVED
        && !line.contains("tries left")
        && !line.contains("verified")) {
      return "the message does not say what the counter is now: " + line;
    }
    return outcome.check(clean, null);
  }

  @Test
  void sshKey() throws Exception {
    everyFaultAtEveryApdu(
        "ssh-key",
        null,
        (clean, run) ->
            run == null || run.out().equals(clean.out()) ? null : "another key line: " + run.out(),
        "ssh-key");
  }

  @Test
  void cert() throws Exception {
    everyFaultAtEveryApdu(
        "cert",
        null,
        (clean, run) -> run == null || run.out().equals(clean.out()) ? null : "another certificate",
        "cert",
        "auth");
  }

  @Test
  void pinVerify() throws Exception {
    everyFaultAtEveryApdu(
        "pin verify",
        "1234\n",
        (clean, run) -> run == null || run.out().equals(clean.out()) ? null : "said " + run.out(),
        "pin",
        "verify",
        "--pin-stdin");
  }

  @Test
  void sign() throws Exception {
    Path signing = Files.createDirectories(dir.resolve("signing"));
    Path file = Files.writeString(signing.resolve("report.txt"), "a report to sign\n");
    Path sig = Path.of(file + ".sig");
    RsaSshPublicKey key = RsaSshPublicKey.of(identity.authPublicKey());
    everyFaultAtEveryApdu(
        "sign",
        "1234\n",
        (clean, run) -> {
          List<String> left = leftBehind(signing, file);
          if (run == null) {
            // a failed run leaves the directory as it found it: no signature, whole or partial
            if (left.isEmpty()) {
              return null;
            }
            for (String name : left) {
              Files.delete(signing.resolve(name)); // for the next run
            }
            return "failed, yet left " + left;
          }
          if (!left.equals(List.of(sig.getFileName().toString()))) {
            return "left " + left + ", not just the signature file";
          }
          String armor = Files.readString(sig);
          Files.delete(sig);
          try {
            RsaSshPublicKey signer =
                SshSig.fromArmor(armor).verify(Files.readAllBytes(file), "file");
            return signer.equals(key) ? null : "signed by another key";
          } catch (Exception e) {
            return "a signature that does not verify was written: " + e.getMessage();
          }
        },
        "sign",
        "-n",
        "file",
        "--pin-stdin",
        file.toString());
  }

  /** The names of the files in {@code dir} besides {@code input}. */
  private static List<String> leftBehind(Path dir, Path input) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        if (!f.equals(input)) {
          names.add(f.getFileName().toString());
        }
      }
    }
    return names;
  }
}
