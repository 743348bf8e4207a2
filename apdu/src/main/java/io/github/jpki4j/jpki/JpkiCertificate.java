package io.github.jpki4j.jpki;

import java.util.Locale;
import java.util.Optional;

/**
 * The four certificate EFs of the JPKI AP, with OpenSC's PKCS#15 IDs and labels. Only the signature
 * certificate needs a PIN (the signature password) to be read; it carries the holder's name,
 * address, birth date and sex.
 */
public enum JpkiCertificate {
  AUTH(0x000A, 1, "User Authentication Certificate", null),
  SIGN(0x0001, 2, "Digital Signature Certificate", JpkiPin.SIGN),
  AUTH_CA(0x000B, 3, "User Authentication Certificate CA", null),
  SIGN_CA(0x0002, 4, "Digital Signature Certificate CA", null);

  private final int fileId;
  private final int pkcs15Id;
  private final String label;
  private final JpkiPin readPin;

  JpkiCertificate(int fileId, int pkcs15Id, String label, JpkiPin readPin) {
    this.fileId = fileId;
    this.pkcs15Id = pkcs15Id;
    this.label = label;
    this.readPin = readPin;
  }

  /** The EF holding the DER certificate. */
  public int fileId() {
    return fileId;
  }

  /** OpenSC's PKCS#15 object ID (01–04). */
  public int pkcs15Id() {
    return pkcs15Id;
  }

  /** OpenSC's label. */
  public String label() {
    return label;
  }

  /** The PIN the card wants verified before it lets this EF be read, if any. */
  public Optional<JpkiPin> readPin() {
    return Optional.ofNullable(readPin);
  }

  /**
   * The name used on the command line: {@code auth}, {@code auth-ca}, {@code sign}, {@code
   * sign-ca}.
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
