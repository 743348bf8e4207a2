package io.github.jpki4j.ssh.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.ssh.SshReader;
import io.github.jpki4j.ssh.SshSignature;
import java.math.BigInteger;

/**
 * SSH wire data from a peer: key blobs (agent requests, SSHSIG, key lines), signature blobs, and
 * the reader under them. The only failure allowed is {@link SshFormatException}; whatever parses
 * must encode back to something that parses to the same value.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the corpus in {@code
 * src/test/resources/io/github/jpki4j/ssh/fuzz/SshWireFuzzTestInputs/}; docs/robustness.md says how
 * to fuzz them.
 */
class SshWireFuzzTest {

  @FuzzTest
  void keyBlob(byte[] blob) {
    RsaSshPublicKey key;
    try {
      key = RsaSshPublicKey.fromBlob(blob);
    } catch (SshFormatException expected) {
      return;
    }
    assertTrue(
        key.bits() >= RsaSshPublicKey.MIN_MODULUS_BITS
            && key.bits() <= RsaSshPublicKey.MAX_MODULUS_BITS,
        key.toString());
    assertEquals(key, parsedAgain(key.blob()));
    // the canonical encoding is a fixed point
    assertArrayEquals(key.blob(), parsedAgain(key.blob()).blob());
  }

  @FuzzTest
  void signatureBlob(byte[] blob) {
    SshSignature sig;
    try {
      sig = SshSignature.parse(blob);
    } catch (SshFormatException expected) {
      return;
    }
    // string algorithm, string raw, nothing after: exactly the input
    assertArrayEquals(blob, sig.blob());
    assertTrue(sig.rawSignature().length > 0);
    assertTrue(sig.toString().startsWith(sig.algorithm().wireName()));
  }

  /** Any sequence of reads over any bytes: a value or SshFormatException, never past the end. */
  @FuzzTest
  void reader(FuzzedDataProvider in) {
    int ops = in.consumeInt(0, 16);
    int[] choices = new int[ops];
    int[] counts = new int[ops];
    for (int i = 0; i < ops; i++) {
      choices[i] = in.consumeInt(0, 10);
      counts[i] = in.consumeInt(0, 300);
    }
    byte[] data = in.consumeRemainingAsBytes();
    SshReader r = new SshReader(data);
    try {
      for (int i = 0; i < ops; i++) {
        int before = r.remaining();
        switch (choices[i]) {
          case 0 -> r.readByte();
          case 1 -> r.readBoolean();
          case 2 -> r.readUint32();
          case 3 -> assertTrue(r.readString().length <= before - 4);
          case 4 -> r.readUtf8();
          case 5 -> r.readMpint();
          case 6 -> {
            BigInteger v = r.readPositiveMpint("value", counts[i] + 1);
            assertTrue(v.signum() > 0 && v.bitLength() <= counts[i] + 1);
          }
          case 7 -> assertEquals(counts[i], r.readRaw(counts[i]).length);
          case 8 -> {
            SshReader inner = r.readStringAsReader();
            assertEquals(before - 4 - inner.remaining(), r.remaining());
            inner.readRemaining();
          }
          case 9 -> r.requireEnd();
          default -> assertEquals(before, r.readRemaining().length);
        }
        assertTrue(r.remaining() >= 0 && r.remaining() <= before, "read past the end");
        assertEquals(r.remaining() > 0, r.hasRemaining());
      }
    } catch (SshFormatException expected) {
      assertTrue(r.remaining() >= 0);
    }
  }

  private static RsaSshPublicKey parsedAgain(byte[] blob) {
    try {
      return RsaSshPublicKey.fromBlob(blob);
    } catch (SshFormatException e) {
      throw new AssertionError("a key's own blob does not parse: " + e.getMessage(), e);
    }
  }
}
