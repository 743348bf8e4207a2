package io.github.jpki4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.RequiresTools;
import io.github.jpki4j.testsupport.TestProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent on cards without the whole signature side (a holder under 15: each missing part alone,
 * and together): it serves the auth key to the real ssh-add and ssh-keygen as on any card, and
 * never touches the signature side.
 */
@RequiresTools({ExternalTool.SSH_ADD, ExternalTool.SSH_KEYGEN})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentWithoutSignatureKeyTest {
  @TempDir Path dir;
  private TestAgent agent;

  static List<CardProfile> profiles() {
    return CardProfile.eachWithoutSignatureKeyPair();
  }

  @AfterEach
  void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void servesTheAuthKey(CardProfile profile) throws Exception {
    agent = TestAgent.start(dir, PinState.defaults(), profile);
    Map<String, String> env = Map.of("SSH_AUTH_SOCK", agent.socket().toString());

    TestProcess.Result list = TestProcess.of("ssh-add", "-L").env(env).run();
    assertEquals(0, list.exit(), list::toString);
    assertEquals(TestAgent.keyLine() + "\n", list.out());

    agent.assertSshKeygenSignsAndVerifies(dir, "signed on " + profile + "\n");
    assertEquals(1, agent.pinentry.prompts(), "one auth PIN prompt");
    assertEquals(3, agent.authTriesLeft());
    assertFalse(
        agent.log.stream().anyMatch(l -> l.contains("signature")),
        "nothing about the signature side in the log: " + agent.log);
  }
}
