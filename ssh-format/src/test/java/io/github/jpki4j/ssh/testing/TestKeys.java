package io.github.jpki4j.ssh.testing;

import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/** JDK-made keys and signatures for tests that do not need OpenSSH. */
public final class TestKeys {
  private static KeyPair rsa2048;
  private static KeyPair other;

  private TestKeys() {}

  /** One RSA-2048 key pair per test JVM, made by the JDK. */
  public static synchronized KeyPair rsa2048() {
    if (rsa2048 == null) {
      rsa2048 = generate(2048);
    }
    return rsa2048;
  }

  /** A second RSA-2048 key pair, for "wrong key" cases. */
  public static synchronized RSAPublicKey otherRsa2048Public() {
    if (other == null) {
      other = generate(2048);
    }
    return (RSAPublicKey) other.getPublic();
  }

  /** A fresh RSA key pair of the given size. */
  public static KeyPair generate(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The public half of {@link #rsa2048()}. */
  public static RSAPublicKey rsa2048Public() {
    return (RSAPublicKey) rsa2048().getPublic();
  }

  /** A raw PKCS#1 v1.5 signature, as the card would return it. */
  public static byte[] sign(PrivateKey key, SshSignatureAlgorithm alg, byte[] data) {
    try {
      Signature s = Signature.getInstance(alg.jcaAlgorithm());
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
