package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pcscd stopped and started again under a running agent, as on a package upgrade, a crash or {@code
 * --auto-exit} under systemd: the agent says once that the service is gone, and within 10 seconds
 * of its return lists the key and signs again, with no restart and no PIN try lost.
 *
 * <p>Before: the JDK's PC/SC provider keeps one context per JVM, so after the restart the agent
 * answered "The agent has no identities" until it was restarted by hand.
 *
 * <p>This class starts and stops its own pcscd (by PID; another pcscd already running fails the
 * test and is left alone), the simulated card's bridge ({@code jpki sim serve}, which reconnects to
 * vpcd by itself) and the agent, each in a child process. It uses PcscStack's static helpers only,
 * not the extension: the stack here must be stopped and started in the middle of the test.
 */
@RequiresTools({
  ExternalTool.PCSCD,
  ExternalTool.VPCD,
  ExternalTool.PCSC_SCAN,
  ExternalTool.SSH_KEYGEN,
  ExternalTool.SSH_ADD
})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PcscRestartTest {
  /** What the issue asks: serving again within this long after the service is back. */
  static final long RECOVERY_LIMIT_MILLIS = 10_000;

  @TempDir Path work;
  private final List<Process> started = new ArrayList<>();
  private Process pcscd;

  @AfterEach
  void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      PcscStack.stop(started.get(i));
    }
    Path agentLog = work.resolve("agent.log");
    if (Files.exists(agentLog)) {
      System.out.println("--- the agent's log\n" + PcscStack.tail(agentLog, 40));
    }
  }

  private Process startPcscd(String pcscdPath, String name) throws Exception {
    Path log = work.resolve(name + ".log");
    Process p =
        new ProcessBuilder(pcscdPath, "--foreground")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    started.add(p);
    Path socket = PcscStack.RUN_DIR.resolve("pcscd.comm");
    PcscStack.waitFor(
        "pcscd's socket " + socket,
        10_000,
        () -> {
          if (!p.isAlive()) {
            fail("pcscd exited with " + p.exitValue() + ":\n" + Files.readString(log));
          }
          return Files.exists(socket);
        });
    return p;
  }

  private boolean cardInReader() throws Exception {
    TestProcess.Result r = Tools.run(work, null, Map.of(), 10, "pcsc_scan", "-n", "-c");
    return PcscStack.cardInReader(r.out());
  }

  private boolean listsKey(Map<String, String> env, String key) throws Exception {
    TestProcess.Result r = Tools.run(work, null, env, 30, "ssh-add", "-L");
    return r.exit() == 0 && r.out().lines().anyMatch(l -> l.startsWith(key + " "));
  }

  private boolean signs(Map<String, String> env, Path pub, String name) throws Exception {
    Path file = work.resolve(name);
    Files.writeString(file, "signed through the agent: " + name + "\n");
    TestProcess.Result r =
        Tools.run(
            work,
            null,
            env,
            60,
            "ssh-keygen",
            "-Y",
            "sign",
            "-f",
            pub.toString(),
            "-n",
            "file",
            file.toString());
    if (r.exit() != 0) {
      return false;
    }
    Tools.assertSshSigChecks(work, file);
    return true;
  }

  private String authCounter() throws Exception {
    TestProcess.Result r =
        TestProcess.of(JpkiProcess.jpkiCommand("--reader", "0", "pin", "status")).dir(work).run();
    assertEquals(0, r.exit(), r.toString());
    return r.out().lines().filter(l -> l.startsWith("auth: ")).findFirst().orElse(r.out());
  }

  @Test
  void theAgentServesAgainWithin10SecondsOfPcscdsReturn() throws Exception {
    String pcscdPath = Tools.sbin("pcscd", "pcscd (Debian/Ubuntu: apt-get install pcscd)");
    Tools.path("pcsc_scan", "pcsc-tools");
    Optional<String> other = PcscStack.runningPcscd();
    if (other.isPresent()) {
      fail(
          "another pcscd is already running ("
              + other.get()
              + "): this test starts and stops"
              + " its own; stop it first (it was left alone)");
    }
    Files.createDirectories(PcscStack.RUN_DIR);
    pcscd = startPcscd(pcscdPath, "pcscd-1");

    Path card = work.resolve("card");
    TestProcess.Result init =
        TestProcess.of(JpkiProcess.jpkiCommand("--simulator=" + card, "sim", "init"))
            .dir(work)
            .run();
    assertEquals(0, init.exit(), init.toString());
    // a long connect timeout: the bridge keeps trying while pcscd (and vpcd with it) is down
    Process serve =
        new ProcessBuilder(
                JpkiProcess.jpkiCommand(
                    "--simulator=" + card, "sim", "serve", "--connect-timeout", "120"))
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(work.resolve("serve.out").toFile())
            .redirectError(work.resolve("serve.log").toFile())
            .start();
    started.add(serve);
    PcscStack.waitFor("the card in " + PcscStack.READER, 60_000, this::cardInReader);

    TestProcess.Result keyLine =
        TestProcess.of(JpkiProcess.jpkiCommand("--reader", "0", "ssh-key")).dir(work).run();
    assertEquals(0, keyLine.exit(), keyLine.toString());
    String[] fields = keyLine.out().strip().split(" ");
    String key = fields[0] + " " + fields[1];
    Path pub = work.resolve("card.pub");
    Files.writeString(pub, keyLine.out());
    String counterBefore = authCounter();
    assertEquals(
        "auth: 3 of 3 tries left",
        counterBefore.substring(0, Math.min(counterBefore.length(), 23)));

    FakePinentry pinentry = FakePinentry.in(work.resolve("pinentry"), "1234");
    Path socket = work.resolve("agent.sock");
    Path agentLog = work.resolve("agent.log");
    // -Djpki.test.agentJvm=-Djpki.pcsc=jdk runs the agent on the JDK's provider, to compare
    String agentJvm = System.getProperty("jpki.test.agentJvm", "");
    Process agent =
        PcscStack.startAgent(
            agentJvm.isBlank() ? List.of() : List.of(agentJvm.split(" ")),
            socket,
            agentLog,
            pinentry);
    started.add(agent);
    Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
    assertTrue(listsKey(env, key), "ssh-add -L lists the card's key");
    assertTrue(signs(env, pub, "before.txt"), "a login (a signature) through the agent");
    assertEquals(1, pinentry.prompts());

    // pcscd goes away: stopped by its PID, as systemd or a package upgrade does
    PcscStack.stop(pcscd);
    assertFalse(pcscd.isAlive());
    assertFalse(listsKey(env, key), "no key while there is no PC/SC service");
    assertFalse(listsKey(env, key), "still none (and the agent says so only once)");
    TestProcess.Result doctor =
        TestProcess.of(JpkiProcess.jpkiCommand("--reader", "0", "doctor")).dir(work).run();
    assertTrue(
        doctor.out().contains("[!!] PC/SC service  the PC/SC service is not running"),
        "jpki doctor notices the lost service:\n" + doctor);

    // ... and comes back; the bridge reconnects to vpcd by itself
    pcscd = startPcscd(pcscdPath, "pcscd-2");
    long back = System.nanoTime();
    long[] listed = {0};
    PcscStack.waitFor(
        "ssh-add -L listing the key again",
        RECOVERY_LIMIT_MILLIS + 5_000,
        () -> {
          if (listsKey(env, key)) {
            listed[0] = System.nanoTime();
            return true;
          }
          return false;
        });
    assertTrue(signs(env, pub, "after.txt"), "a signature through the agent after the restart");
    long signed = System.nanoTime();
    long listMillis = (listed[0] - back) / 1_000_000;
    long signMillis = (signed - back) / 1_000_000;
    System.out.println(
        "pcscd restart: key listed again "
            + listMillis
            + " ms and a signature"
            + " done "
            + signMillis
            + " ms after pcscd's socket was back");
    Files.writeString(
        Path.of("target", "pcscd-restart.txt"),
        "key listed again after "
            + listMillis
            + " ms, signature done after "
            + signMillis
            + " ms\n");
    assertTrue(signMillis <= RECOVERY_LIMIT_MILLIS, "serving again took " + signMillis + " ms");

    assertEquals(2, pinentry.prompts(), "the card came back as a new insertion: asked once more");
    assertTrue(agent.isAlive(), "no restart of the agent");
    String log = Files.readString(agentLog);
    assertEquals(
        1,
        count(log, "waiting for the PC/SC service to come back"),
        "the agent says once that the service is gone:\n" + log);
    assertEquals(1, count(log, "the PC/SC service is back"), log);
    assertEquals(counterBefore, authCounter(), "no PIN try lost");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
