package io.github.jpki4j.testsupport;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A PKCS#7 "certs-only" SignedData holding one certificate, as {@code openssl crl2pkcs7 -nocrl}
 * makes: what the JDK's {@code CertificateFactory.generateCertificates} also accepts, and what a
 * reader of one certificate must refuse.
 */
public final class Pkcs7Bag {
  private Pkcs7Bag() {}

  /** ContentInfo { signedData, [0] SignedData { 1, {}, { data }, [0] { cert }, {} } }, DER. */
  public static byte[] around(byte[] certificate) {
    HexFormat hex = HexFormat.of();
    byte[] signedData =
        der(
            0x30,
            hex.parseHex("020101"),
            der(0x31),
            der(0x30, hex.parseHex("06092A864886F70D010701")),
            der(0xA0, certificate),
            der(0x31));
    return der(0x30, hex.parseHex("06092A864886F70D010702"), der(0xA0, signedData));
  }

  private static byte[] der(int tag, byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] head =
        n < 0x80
            ? new byte[] {(byte) tag, (byte) n}
            : n < 0x100
                ? new byte[] {(byte) tag, (byte) 0x81, (byte) n}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (n >> 8), (byte) n};
    byte[] out = Arrays.copyOf(head, head.length + n);
    int at = head.length;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
