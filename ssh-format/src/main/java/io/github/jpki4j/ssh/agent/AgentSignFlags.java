package io.github.jpki4j.ssh.agent;

/**
 * The flags of {@code SSH_AGENTC_SIGN_REQUEST} (draft-miller-ssh-agent §3.6.1). For an RSA key,
 * {@link io.github.jpki4j.ssh.SshSignatureAlgorithm#forAgentFlags(int)} turns them into the
 * algorithm asked for.
 */
public final class AgentSignFlags {
  /** Legacy, for {@code ssh-dss} keys of old clients; never used with RSA. */
  public static final int OLD_SIGNATURE = 0x01;

  /** Sign with {@code rsa-sha2-256}. */
  public static final int RSA_SHA2_256 = 0x02;

  /** Sign with {@code rsa-sha2-512}. */
  public static final int RSA_SHA2_512 = 0x04;

  private AgentSignFlags() {}
}
