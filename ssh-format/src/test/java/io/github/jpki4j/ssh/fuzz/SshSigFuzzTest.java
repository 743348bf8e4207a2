package io.github.jpki4j.ssh.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.sshsig.SshSig;
import io.github.jpki4j.ssh.sshsig.SshSigVerificationException;
import java.nio.charset.StandardCharsets;

/**
 * SSHSIG signatures as someone else wrote them ({@code .sig} files, git's signature blocks): the
 * armor and the blob inside it. Parsing fails only with {@link SshFormatException}; a signature
 * that parses re-encodes to one that parses equal, and verifying it against any message either
 * returns its key or throws {@link SshSigVerificationException}.
 */
class SshSigFuzzTest {
  private static final byte[] MESSAGE = "hello\n".getBytes(StandardCharsets.UTF_8);

  /** The text of a {@code .sig} file; the corpus files are the text itself. */
  @FuzzTest
  void armor(byte[] bytes) {
    SshSig sig;
    try {
      sig = SshSig.fromArmor(new String(bytes, StandardCharsets.UTF_8));
    } catch (SshFormatException expected) {
      return;
    }
    checkParsed(sig);
    try {
      assertEquals(sig, SshSig.fromArmor(sig.armor()));
    } catch (SshFormatException e) {
      throw new AssertionError("a signature's own armor does not parse: " + e.getMessage(), e);
    }
  }

  /** The decoded blob: "SSHSIG", version, key, namespace, reserved, hash, signature. */
  @FuzzTest
  void blob(byte[] blob) {
    SshSig sig;
    try {
      sig = SshSig.parse(blob);
    } catch (SshFormatException expected) {
      return;
    }
    checkParsed(sig);
  }

  private static void checkParsed(SshSig sig) {
    assertFalse(sig.namespace().isEmpty());
    try {
      assertEquals(sig, SshSig.parse(sig.blob()));
    } catch (SshFormatException e) {
      throw new AssertionError("a signature's own blob does not parse: " + e.getMessage(), e);
    }
    assertNotNull(sig.toString()); // must not throw on any parsed input
    try {
      assertEquals(sig.publicKey(), sig.verify(MESSAGE, sig.namespace()));
    } catch (SshSigVerificationException expected) {
      // a signature over something else, or a forbidden algorithm: refused, with a reason
    }
    try {
      sig.verify(MESSAGE, sig.namespace() + "x");
      throw new AssertionError("verified for a namespace it was not made for");
    } catch (SshSigVerificationException expected) {
      assertEquals(SshSigVerificationException.Reason.WRONG_NAMESPACE, expected.reason());
    }
  }
}
