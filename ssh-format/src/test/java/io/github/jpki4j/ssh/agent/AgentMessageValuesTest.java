package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.agent.AgentReply.SignResponse;
import io.github.jpki4j.ssh.agent.AgentRequest.Extension;
import io.github.jpki4j.ssh.agent.AgentRequest.Lock;
import io.github.jpki4j.ssh.agent.AgentRequest.RemoveIdentity;
import io.github.jpki4j.ssh.agent.AgentRequest.SignRequest;
import io.github.jpki4j.ssh.agent.AgentRequest.Unlock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agent messages are values: equal when their bytes are, whatever array holds them; and what
 * they print for logs shows sizes and names, never a passphrase or the data to sign.
 */
class AgentMessageValuesTest {
  private static final byte[] KEY = {0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a'};

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void valueSemantics(Object a, Object sameAsA, Object other) {
    assertEquals(a, sameAsA);
    assertEquals(a.hashCode(), sameAsA.hashCode());
    assertNotEquals(a, other);
    assertNotEquals(a, "not a message");
    assertNotEquals(a.hashCode(), other.hashCode()); // for these inputs; a hash must vary
  }

  @Test
  void requestsWithTheSameBytesAreEqual() {
    valueSemantics(new SignRequest(KEY, bytes("data"), 4), new SignRequest(KEY.clone(),
        bytes("data"), 4), new SignRequest(KEY, bytes("data"), 2));
    assertNotEquals(new SignRequest(KEY, bytes("data"), 4), new SignRequest(KEY, bytes("datb"), 4));
    assertNotEquals(new SignRequest(KEY, bytes("data"), 4),
        new SignRequest(bytes("other"), bytes("data"), 4));
    valueSemantics(new RemoveIdentity(KEY), new RemoveIdentity(KEY.clone()),
        new RemoveIdentity(bytes("other")));
    valueSemantics(new Lock(bytes("pw")), new Lock(bytes("pw")), new Lock(bytes("px")));
    valueSemantics(new Unlock(bytes("pw")), new Unlock(bytes("pw")), new Unlock(bytes("pq")));
    valueSemantics(new Extension("query", bytes("x")), new Extension("query", bytes("x")),
        new Extension("query", bytes("y")));
    assertNotEquals(new Extension("query", bytes("x")), new Extension("queryx", bytes("x")));
  }

  @Test
  void repliesAndIdentitiesWithTheSameBytesAreEqual() {
    valueSemantics(new SignResponse(bytes("sig")), new SignResponse(bytes("sig")),
        new SignResponse(bytes("sih")));
    valueSemantics(new Identity(KEY, "card"), new Identity(KEY.clone(), "card"),
        new Identity(KEY, "card2"));
    assertNotEquals(new Identity(KEY, "card"), new Identity(bytes("k"), "card"));
    assertEquals(new AgentReply.IdentitiesAnswer(List.of(new Identity(KEY, "card"))),
        new AgentReply.IdentitiesAnswer(List.of(new Identity(KEY.clone(), "card"))));
  }

  @Test
  void theContentsAreCopiedInAndOut() {
    byte[] data = bytes("abc");
    Extension e = new Extension("x@example.com", data);
    data[0] = 'z';
    assertEquals("abc", new String(e.contents(), StandardCharsets.UTF_8));
    e.contents()[1] = 'z';
    assertEquals("abc", new String(e.contents(), StandardCharsets.UTF_8));
  }

  @Test
  void logsShowSizesAndNamesNeverSecretsOrData() {
    assertEquals("Lock[passphrase=***]", new Lock(bytes("hunter2")).toString());
    assertEquals("Unlock[passphrase=***]", new Unlock(bytes("hunter2")).toString());
    assertEquals("SignRequest[11-byte key, 4 bytes of data, flags=0x4]",
        new SignRequest(KEY, bytes("data"), 4).toString());
    assertEquals("RemoveIdentity[11-byte key]", new RemoveIdentity(KEY).toString());
    assertEquals("SignResponse[3-byte signature blob]", new SignResponse(bytes("sig")).toString());
    String identity = new Identity(KEY, "my card").toString();
    assertTrue(identity.contains("my card"), identity);
  }

  @Test
  void anExtensionShowsAtMostItsFirst16Bytes() {
    assertEquals("Extension[query, 0 bytes: ]", new Extension("query", new byte[0]).toString());
    assertEquals("Extension[e, 16 bytes: 000102030405060708090a0b0c0d0e0f]",
        new Extension("e", range(16)).toString());
    assertEquals("Extension[e, 17 bytes: 000102030405060708090a0b0c0d0e0f...]",
        new Extension("e", range(17)).toString());
  }

  private static byte[] range(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
