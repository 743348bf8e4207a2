package io.github.jpki4j.cli;

import io.github.jpki4j.jpki.JpkiCertificate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code auth}, {@code auth-ca}, {@code sign}, {@code sign-ca} to {@link JpkiCertificate}. */
final class CertificateConverter implements ITypeConverter<JpkiCertificate> {
  @Override
  public JpkiCertificate convert(String value) {
    for (JpkiCertificate c : JpkiCertificate.values()) {
      if (c.cliName().equals(value)) {
        return c;
      }
    }
    throw new TypeConversionException(
        "'" + value + "' is not a certificate: use auth, auth-ca, sign or sign-ca");
  }
}
