package io.github.jpki4j.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The RSA signature algorithms of SSH, with their wire names (RFC 8332, RFC 4253 §6.6), hash and
 * JCA names, and the ssh-agent flag that asks for each (draft-miller-ssh-agent §3.6.1).
 *
 * <p>All three use RSASSA-PKCS1-v1_5 with the same key; only the hash differs. {@link #SSH_RSA}
 * (SHA-1) is here so that requests for it can be recognised and refused; OpenSSH has disabled it by
 * default since 8.8.
 */
public enum SshSignatureAlgorithm {
  /** {@code rsa-sha2-256}: SHA-256 (RFC 8332); ssh-agent flag {@code SSH_AGENT_RSA_SHA2_256}. */
  RSA_SHA2_256("rsa-sha2-256", "SHA-256", "SHA256withRSA", 0x02),
  /** {@code rsa-sha2-512}: SHA-512 (RFC 8332); ssh-agent flag {@code SSH_AGENT_RSA_SHA2_512}. */
  RSA_SHA2_512("rsa-sha2-512", "SHA-512", "SHA512withRSA", 0x04),
  /** {@code ssh-rsa}: legacy SHA-1 (RFC 4253 §6.6); an agent request without flags asks for it. */
  SSH_RSA("ssh-rsa", "SHA-1", "SHA1withRSA", 0);

  private final String wireName;
  private final String hashAlgorithm;
  private final String jcaAlgorithm;
  private final int agentFlag;

  SshSignatureAlgorithm(String wireName, String hashAlgorithm, String jcaAlgorithm, int agentFlag) {
    this.wireName = wireName;
    this.hashAlgorithm = hashAlgorithm;
    this.jcaAlgorithm = jcaAlgorithm;
    this.agentFlag = agentFlag;
  }

  /** The name on the wire, e.g. {@code rsa-sha2-512}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA name of the hash, e.g. {@code SHA-512}, for {@link MessageDigest#getInstance}. */
  public String hashAlgorithm() {
    return hashAlgorithm;
  }

  /** The JCA name of the signature, e.g. {@code SHA512withRSA}, for {@code Signature}. */
  public String jcaAlgorithm() {
    return jcaAlgorithm;
  }

  /** The ssh-agent sign-request flag that selects this algorithm; 0 for {@link #SSH_RSA}. */
  public int agentFlag() {
    return agentFlag;
  }

  /** A new {@link MessageDigest} for this algorithm's hash. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(hashAlgorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + hashAlgorithm, e);
    }
  }

  /** The algorithm with this wire name, if it is one of ours. */
  public static Optional<SshSignatureAlgorithm> fromWireName(String wireName) {
    for (SshSignatureAlgorithm a : values()) {
      if (a.wireName.equals(wireName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The algorithm an ssh-agent {@code SIGN_REQUEST} with these flags asks for, for an RSA key. As
   * in OpenSSH's agent, {@code SSH_AGENT_RSA_SHA2_256} wins if both SHA-2 flags are set, and no
   * SHA-2 flag means {@link #SSH_RSA}. Other bits are ignored.
   */
  public static SshSignatureAlgorithm forAgentFlags(int flags) {
    if ((flags & RSA_SHA2_256.agentFlag) != 0) {
      return RSA_SHA2_256;
    }
    if ((flags & RSA_SHA2_512.agentFlag) != 0) {
      return RSA_SHA2_512;
    }
    return SSH_RSA;
  }
}
