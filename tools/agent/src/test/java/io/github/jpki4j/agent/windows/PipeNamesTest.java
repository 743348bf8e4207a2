package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code -a} accepts on Windows, and the lines a user pastes into cmd or PowerShell. */
class PipeNamesTest {
  @Test
  void aBareNameOrEitherFullFormNamesTheSamePipe() {
    String full = "\\\\.\\pipe\\jpki-agent";
    assertEquals(full, PipeNames.fromOption("jpki-agent"));
    assertEquals(full, PipeNames.fromOption("\\\\.\\pipe\\jpki-agent"));
    assertEquals(full, PipeNames.fromOption("//./pipe/jpki-agent"));
    assertEquals(full, PipeNames.fromOption("\\\\.\\PIPE\\jpki-agent"));
  }

  @Test
  void namesThatAreNotLocalPipesOrNeedQuotingAreRefusedWithTheRule() {
    for (String bad :
        List.of(
            "",
            "\\\\server\\pipe\\x",
            "a\\b",
            "a/b",
            "two words",
            "a&b",
            "%PATH%",
            "'",
            "x".repeat(201),
            "\\\\.\\pipe\\")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PipeNames.fromOption(bad), bad);
      assertTrue(e.getMessage().contains("letters, digits"), e.getMessage());
    }
  }

  @Test
  void theDefaultPipeNeedsNoLinesAndAnotherGetsOneForCmdAndOneForPowerShell() {
    assertEquals(List.of(), PipeNames.shellLines(PipeNames.OPENSSH_DEFAULT));
    assertEquals(
        List.of(
            "set SSH_AUTH_SOCK=\\\\.\\pipe\\work.agent_2",
            "$env:SSH_AUTH_SOCK = '\\\\.\\pipe\\work.agent_2'"),
        PipeNames.shellLines(PipeNames.fromOption("work.agent_2")));
  }

  @Test
  void onlyAStringSidEntersThePipesSecurityDescriptor() {
    assertEquals(
        "O:S-1-5-21-1-2-3-1001D:P(D;;GA;;;NU)(A;;GRGW;;;S-1-5-21-1-2-3-1001)",
        SidRules.pipeSddl("S-1-5-21-1-2-3-1001"));
    // an "SID" that would add an ACE for Everyone
    assertThrows(IllegalArgumentException.class, () -> SidRules.pipeSddl("S-1-5-21-1)(A;;GA;;;WD"));
    assertThrows(IllegalArgumentException.class, () -> SidRules.pipeSddl(null));
  }
}
