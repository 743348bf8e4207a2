package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.agent.windows.CardBackend.ScriptedPins;
import io.github.jpki4j.agent.windows.WindowsSelfTest.Check;
import io.github.jpki4j.agent.windows.WindowsSelfTest.Outcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The self-test's contract ({@link WindowsSelfTest}) against the simulated Windows layer: the same
 * checks {@code jpki agent --self-test} runs on a user's Windows through JNA. Each passes on a
 * layer that behaves, each fails on one that does not, and nothing is left behind.
 */
@Timeout(60)
class WindowsSelfTestTest {
  private final FakeWin32 win32 = new FakeWin32();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final ScriptedPins pins = new ScriptedPins();
  private final CardBackend card = new CardBackend(pins);

  @AfterEach
  void stop() {
    card.close();
  }

  private WindowsSelfTest selfTest() {
    return new WindowsSelfTest(win32, card.backend, log::add);
  }

  private void assertNothingLeft() {
    for (Map.Entry<String, BlockingQueue<FakeWin32.FakePipe>> e : win32.listening.entrySet()) {
      assertTrue(e.getValue().isEmpty(), "an instance of " + e.getKey() + " still waits");
      assertTrue(e.getKey().contains("self-test-"), "only test names: " + e.getKey());
    }
    assertTrue(win32.window == null || win32.window.closed, "the window is closed");
    assertTrue(win32.mappings.isEmpty(), "no mapping left: " + win32.mappings.keySet());
  }

  @Test
  void everyCheckPassesAgainstAWindowsThatBehaves() throws Exception {
    List<Outcome> outcomes = selfTest().run();
    assertEquals(Check.values().length, outcomes.size());
    for (Outcome o : outcomes) {
      assertTrue(o.passed(), o.line() + "\nlog: " + log);
      assertTrue(o.line().startsWith("PASS " + o.check().label() + ":"), o.line());
    }
    assertTrue(
        outcomes.get(0).detail().endsWith("answered 1 identity, the card's key"),
        outcomes.get(0).detail());
    assertTrue(
        outcomes
            .get(1)
            .detail()
            .startsWith("name " + PageantPipeName.derive(win32, l -> {}) + "; "),
        outcomes.get(1).detail());
    assertTrue(outcomes.get(2).detail().contains("WM_COPYDATA"), outcomes.get(2).detail());
    assertTrue(outcomes.get(3).detail().contains(FakeWin32.ALICE), outcomes.get(3).detail());
    assertEquals(0, pins.requests.size(), "no PIN is asked");
    assertEquals(0, card.pinVerifies.get());
    assertNothingLeft();
    assertEquals(
        List.of(), win32.pipeCreations.stream().filter(c -> !c.contains("self-test")).toList());
  }

  @Test
  void theSummaryNamesTheVersionsAndEveryCheck() {
    List<Outcome> outcomes = selfTest().run();
    String summary = WindowsSelfTest.summary("9.9.9-test", outcomes);
    List<String> lines = summary.lines().toList();
    assertEquals("jpki 9.9.9-test agent self-test: 5 of 5 passed", lines.get(0));
    assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version")), summary);
    assertTrue(lines.get(1).contains(System.getProperty("os.version")), summary);
    assertEquals(2 + Check.values().length, lines.size(), summary);
  }

  @Test
  void aPipeThatGrantsSomeoneElseFails() {
    win32.sddlOverride =
        "O:" + FakeWin32.ALICE + "D:P(A;;GRGW;;;" + FakeWin32.ALICE + ")(A;;GR;;;WD)";
    Outcome o = selfTest().run(Check.PIPE_SECURITY);
    assertFalse(o.passed(), o.line());
    assertTrue(o.detail().startsWith("the pipe grants access to WD"), o.detail());
    assertNothingLeft();
  }

  @Test
  void theSecurityDescriptorRules() {
    String alice = FakeWin32.ALICE;
    assertNull(WindowsSelfTest.onlyUser(SidRules.pipeSddl(alice), alice));
    assertNull(
        WindowsSelfTest.onlyUser(
            "O:" + alice + "G:" + alice + "D:P(D;;FA;;;NU)(A;;0x12019f;;;" + alice + ")", alice),
        "as Windows writes it back, with a group and mapped rights");
    assertEquals(
        "the pipe's owner is not " + alice,
        WindowsSelfTest.onlyUser(SidRules.pipeSddl(FakeWin32.MALLORY), alice));
    assertEquals(
        "the pipe's DACL is not protected",
        WindowsSelfTest.onlyUser("O:" + alice + "D:(A;;GA;;;" + alice + ")", alice));
    assertEquals(
        "the pipe grants access to no one",
        WindowsSelfTest.onlyUser("O:" + alice + "D:P(D;;GA;;;NU)", alice));
  }

  @Test
  void aPageantWindowThatRefusesTheMappingFails() {
    // a client whose mapping belongs to another user: Pageant's rule refuses it
    FakeWin32 refusing =
        new FakeWin32() {
          @Override
          public OwnMapping createFileMapping(String name, int size) throws java.io.IOException {
            String real = userSid;
            userSid = FakeWin32.MALLORY;
            try {
              return super.createFileMapping(name, size);
            } finally {
              userSid = real;
            }
          }
        };
    Outcome refused =
        new WindowsSelfTest(refusing, card.backend, log::add).run(Check.PAGEANT_WINDOW);
    assertFalse(refused.passed(), refused.line());
    assertEquals("the window answered 0 to WM_COPYDATA (request refused)", refused.detail());
    assertTrue(refusing.mappings.isEmpty());
    assertTrue(refusing.window.closed);
  }

  @Test
  void aWaitThatTheCloseDoesNotEndFails() throws Exception {
    win32.closeKeepsWaiting = true;
    Outcome o = selfTest().run(Check.CANCEL_WAIT);
    assertFalse(o.passed(), o.line());
    assertEquals("the wait for a client went on 10 s after the close", o.detail());
    // release the waiting thread: a client takes the instance
    String name =
        win32.listening.keySet().stream().filter(n -> n.endsWith("-cancel")).findFirst().get();
    win32.connect(name, 4242).close();
  }

  @Test
  void aPipeNobodyAnswersFailsWithoutHanging() {
    win32.connectWaitMillis = 100;
    FakeWin32 noPipe =
        new FakeWin32() {
          @Override
          public PipeClient connectPipe(String name) throws java.io.IOException {
            throw new java.io.IOException(
                "CreateFile(" + name + ") failed: All pipe instances are busy. (error 231)");
          }
        };
    Outcome o = new WindowsSelfTest(noPipe, card.backend, log::add).run(Check.OPENSSH_PIPE);
    assertFalse(o.passed(), o.line());
    assertTrue(
        o.detail().startsWith("IOException: CreateFile(\\\\.\\pipe\\jpki-self-test-"), o.detail());
    assertTrue(noPipe.listening.values().stream().allMatch(BlockingQueue::isEmpty));
  }
}
