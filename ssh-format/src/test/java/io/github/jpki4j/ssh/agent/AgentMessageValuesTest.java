package io.github.jpki4j.ssh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.agent.AgentReply.SignResponse;
import io.github.jpki4j.ssh.agent.AgentRequest.Extension;
import io.github.jpki4j.ssh.agent.AgentRequest.LockRequest;
import io.github.jpki4j.ssh.agent.AgentRequest.SignRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Agent messages are values: equal when their bytes are, whatever array held them (the agent finds
 * its key by comparing blobs); and what they print for logs shows sizes and names, never a
 * passphrase.
 */
class AgentMessageValuesTest {
  private static final byte[] KEY = {0, 0, 0, 7, 's', 's', 'h', '-', 'r', 's', 'a'};

  private static Bytes bytes(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void valueSemantics(Object a, Object sameAsA, Object other) {
    assertEquals(a, sameAsA);
    assertEquals(a.hashCode(), sameAsA.hashCode());
    assertNotEquals(a, other);
    assertNotEquals(a, "not a message");
    assertNotEquals(a.hashCode(), other.hashCode()); // for these inputs; a hash must vary
  }

  @Test
  void bytesAreEqualByContentAndCopiedInAndOut() {
    byte[] key = KEY.clone();
    Bytes blob = Bytes.of(key);
    valueSemantics(blob, Bytes.of(KEY.clone()), bytes("other"));
    assertNotEquals(blob, Bytes.of(java.util.Arrays.copyOf(KEY, KEY.length - 1)));
    key[0] = 9;
    assertEquals(Bytes.of(KEY), blob, "a later change to the array does not show");
    blob.toByteArray()[0] = 9;
    assertEquals(Bytes.of(KEY), blob, "nor a change to a copy handed out");
  }

  @Test
  void messagesHoldingTheSameBytesAreEqual() {
    valueSemantics(
        new SignRequest(Bytes.of(KEY), bytes("data"), 4),
        new SignRequest(Bytes.of(KEY.clone()), bytes("data"), 4),
        new SignRequest(Bytes.of(KEY), bytes("datb"), 4));
    valueSemantics(
        new Identity(Bytes.of(KEY), "card"),
        new Identity(Bytes.of(KEY.clone()), "card"),
        new Identity(bytes("other"), "card"));
    valueSemantics(
        new SignResponse(bytes("sig")),
        new SignResponse(bytes("sig")),
        new SignResponse(bytes("sih")));
    assertEquals(LockRequest.lock(bytes("pw").toByteArray()), LockRequest.lock("pw".getBytes()));
    assertNotEquals(LockRequest.lock("pw".getBytes()), LockRequest.lock("px".getBytes()));
    assertNotEquals(LockRequest.lock("pw".getBytes()), LockRequest.unlock("pw".getBytes()));
    // the hash depends on the kind only: a hash of the passphrase would leak something of it
    assertEquals(
        LockRequest.lock("pw".getBytes()).hashCode(), LockRequest.lock("px".getBytes()).hashCode());
  }

  @Test
  void logsShowSizesAndNamesNeverAPassphrase() {
    String lock = LockRequest.lock("hunter2".getBytes()).toString();
    assertTrue(lock.startsWith("LockRequest[") && lock.endsWith(", passphrase=***]"), lock);
    assertFalse(lock.contains("hunter2"), lock);
    assertNotEquals(lock, LockRequest.unlock("hunter2".getBytes()).toString());
  }

  @Test
  void bytesShowTheirLengthAndAtMostTheirFirst16() {
    assertEquals("0 bytes: ", Bytes.of().toString());
    assertEquals("16 bytes: 000102030405060708090a0b0c0d0e0f", Bytes.of(range(16)).toString());
    assertEquals("17 bytes: 000102030405060708090a0b0c0d0e0f...", Bytes.of(range(17)).toString());
    assertTrue(new Extension("e", Bytes.of(range(17))).toString().contains("17 bytes"));
  }

  private static byte[] range(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
