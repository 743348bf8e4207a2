package io.github.jpki4j.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose output depends on its seed only: SHA-256 in counter mode, {@code
 * block[i] = SHA-256(key || i)} with {@code key = SHA-256(domain || seed)}. For test identities,
 * never for real keys. Later {@code setSeed} calls are ignored, so no library can mix system
 * entropy in behind our back.
 */
final class DeterministicRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  DeterministicRandom(byte[] seed) {
    super(new CounterSpi(seed), null);
  }

  /** The SHA-256 digest of the parts, each prefixed with its length. */
  static byte[] hash(byte[]... parts) {
    MessageDigest sha = sha256();
    for (byte[] part : parts) {
      sha.update(ByteBuffer.allocate(4).putInt(part.length).array());
      sha.update(part);
    }
    return sha.digest();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static final class CounterSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private long counter;
    private final byte[] block = new byte[32];
    private int used = block.length;

    CounterSpi(byte[] seed) {
      key = hash(utf8("jpki4j deterministic test random v1"), seed);
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      // ignored on purpose: the stream is a function of the constructor's seed alone
    }

    @Override
    protected synchronized void engineNextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        if (used == block.length) {
          MessageDigest sha = sha256();
          sha.update(key);
          sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
          System.arraycopy(sha.digest(), 0, block, 0, block.length);
          used = 0;
        }
        bytes[i] = block[used++];
      }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      byte[] out = new byte[numBytes];
      engineNextBytes(out);
      return out;
    }
  }
}
