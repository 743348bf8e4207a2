package io.github.jpki4j.jca;

import io.github.jpki4j.jpki.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;

/**
 * {@code SHAxxxwithRSA} (PKCS#1 v1.5) with a card key: the data is hashed here, the DigestInfo
 * built here ({@link DigestAlgorithm}), and the card pads and signs it. The signature is checked
 * against the certificate before it is returned. Verification is handed to the JDK's provider.
 */
public abstract class JpkiSignature extends SignatureSpi {
  private final DigestAlgorithm digest;
  private final String algorithm;
  private MessageDigest md;
  private JpkiPrivateKey key;
  private Signature verifier;

  JpkiSignature(DigestAlgorithm digest, String algorithm) {
    this.digest = digest;
    this.algorithm = algorithm;
  }

  /** SHA256withRSA. */
  public static final class Sha256 extends JpkiSignature {
    public Sha256() {
      super(DigestAlgorithm.SHA256, "SHA256withRSA");
    }
  }

  /** SHA384withRSA. */
  public static final class Sha384 extends JpkiSignature {
    public Sha384() {
      super(DigestAlgorithm.SHA384, "SHA384withRSA");
    }
  }

  /** SHA512withRSA. */
  public static final class Sha512 extends JpkiSignature {
    public Sha512() {
      super(DigestAlgorithm.SHA512, "SHA512withRSA");
    }
  }

  @Override
  protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
    if (!(privateKey instanceof JpkiPrivateKey k)) {
      throw new InvalidKeyException(
          "the JPKI provider signs with JPKI card keys only, not "
              + (privateKey == null ? "null" : privateKey.getClass().getName()));
    }
    if (!k.session().isOpen()) {
      throw new InvalidKeyException("the keystore session of " + k + " is closed");
    }
    key = k;
    verifier = null;
    md = digest.newDigest();
  }

  @Override
  protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
    try {
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(publicKey);
      verifier = v;
      key = null;
      md = null;
    } catch (NoSuchAlgorithmException e) {
      throw new InvalidKeyException("no provider verifies " + algorithm, e);
    }
  }

  @Override
  protected void engineUpdate(byte b) throws SignatureException {
    if (verifier != null) {
      verifier.update(b);
    } else {
      requireInit().update(b);
    }
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    if (verifier != null) {
      verifier.update(b, off, len);
    } else {
      requireInit().update(b, off, len);
    }
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    if (verifier != null) {
      try {
        verifier.update(input);
      } catch (SignatureException e) {
        throw new IllegalStateException(e);
      }
    } else if (md != null) {
      md.update(input);
    } else {
      throw new IllegalStateException("not initialized");
    }
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    if (key == null) {
      throw new SignatureException("not initialized for signing");
    }
    byte[] digestInfo = digest.digestInfo(md.digest());
    return key.session().sign(key.cardKey(), digestInfo);
  }

  @Override
  protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
    if (verifier == null) {
      throw new SignatureException("not initialized for verification");
    }
    return verifier.verify(sigBytes);
  }

  private MessageDigest requireInit() throws SignatureException {
    if (md == null) {
      throw new SignatureException("not initialized");
    }
    return md;
  }

  @Override
  protected void engineSetParameter(AlgorithmParameterSpec params)
      throws InvalidAlgorithmParameterException {
    if (params != null) {
      throw new InvalidAlgorithmParameterException(algorithm + " takes no parameters");
    }
  }

  /** None: PKCS#1 v1.5 has no parameters. */
  @Override
  protected java.security.AlgorithmParameters engineGetParameters() {
    return null;
  }

  @Override
  @Deprecated
  protected void engineSetParameter(String param, Object value) {
    throw new InvalidParameterException(algorithm + " takes no parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new InvalidParameterException(algorithm + " takes no parameters");
  }
}
