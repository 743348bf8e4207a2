package io.github.jpki4j.jpki;

/** The two private keys of the JPKI AP, each with the PIN that unlocks it and its certificate. */
public enum JpkiKey {
  /** User authentication key (IEF 0017): the SSH key. */
  AUTH(0x0017, JpkiPin.AUTH, JpkiCertificate.AUTH),
  /**
   * Digital signature key (IEF 001A): legally binding signatures; never used for SSH by default.
   */
  SIGN(0x001A, JpkiPin.SIGN, JpkiCertificate.SIGN);

  private final int fileId;
  private final JpkiPin pin;
  private final JpkiCertificate certificate;

  JpkiKey(int fileId, JpkiPin pin, JpkiCertificate certificate) {
    this.fileId = fileId;
    this.pin = pin;
    this.certificate = certificate;
  }

  /** The key IEF that COMPUTE DIGITAL SIGNATURE acts on once selected. */
  public int fileId() {
    return fileId;
  }

  /** The PIN that must be verified before the key signs. */
  public JpkiPin pin() {
    return pin;
  }

  /** The certificate that carries this key's public half. */
  public JpkiCertificate certificate() {
    return certificate;
  }
}
