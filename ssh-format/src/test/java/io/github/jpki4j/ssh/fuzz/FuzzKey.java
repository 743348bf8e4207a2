package io.github.jpki4j.ssh.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A fixed RSA-2048 key pair for the fuzz targets ({@code fuzz-key.pk8}, made with {@code openssl
 * genpkey}), so that corpus entries can name its public key and stay meaningful from run to run. A
 * throw-away test key.
 */
final class FuzzKey {
  private static KeyPair pair;

  private FuzzKey() {}

  static synchronized KeyPair pair() {
    if (pair == null) {
      try (InputStream in = FuzzKey.class.getResourceAsStream("fuzz-key.pk8")) {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey priv =
            (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(in.readAllBytes()));
        pair =
            new KeyPair(
                rsa.generatePublic(
                    new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent())),
                priv);
      } catch (IOException | GeneralSecurityException e) {
        throw new AssertionError("the fuzz key fixture is missing or broken", e);
      }
    }
    return pair;
  }
}
