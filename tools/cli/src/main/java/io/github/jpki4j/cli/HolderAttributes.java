package io.github.jpki4j.cli;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four (six) attributes a JPKI signature certificate carries in its subjectAltName as otherName
 * entries under {@code 1.2.392.200149.8.5.5.1}–{@code .6}: name, alternative name, sex, birth date,
 * address, alternative address. Decoded with a minimal DER reader (the JDK hands otherNames over as
 * raw DER).
 */
final class HolderAttributes {
  private static final String PREFIX = "1.2.392.200149.8.5.5.";
  private static final String[] NAMES = {
    "Name", "Name (alt.)", "Sex", "Birth date", "Address", "Address (alt.)"
  };

  private HolderAttributes() {}

  /** Attribute label to value, in OID order; empty when the certificate has none. */
  static Map<String, String> of(X509Certificate cert) throws CertificateParsingException {
    Map<String, String> out = new LinkedHashMap<>();
    Collection<List<?>> san = cert.getSubjectAlternativeNames();
    if (san == null) {
      return out;
    }
    List<String[]> found = new ArrayList<>();
    for (List<?> entry : san) {
      if (Integer.valueOf(0).equals(entry.get(0)) && entry.get(1) instanceof byte[] der) {
        String[] kv = decodeOtherName(der);
        if (kv != null && kv[0].startsWith(PREFIX)) {
          found.add(kv);
        }
      }
    }
    found.sort((a, b) -> a[0].compareTo(b[0]));
    for (String[] kv : found) {
      String suffix = kv[0].substring(PREFIX.length());
      int i = suffix.matches("[1-6]") ? Integer.parseInt(suffix) - 1 : -1;
      out.put(i >= 0 ? NAMES[i] : kv[0], kv[1]);
    }
    return out;
  }

  /** OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT string }; null if not that. */
  static String[] decodeOtherName(byte[] der) {
    try {
      Der seq = Der.read(der, 0);
      if (seq.tag != 0x30) {
        return null;
      }
      Der oid = Der.read(der, seq.start);
      Der tagged = Der.read(der, oid.end);
      if (oid.tag != 0x06 || tagged.tag != 0xA0) {
        return null;
      }
      Der value = Der.read(der, tagged.start);
      for (int depth = 0; value.tag == 0xA0 && depth < 4; depth++) {
        value = Der.read(der, value.start); // some encoders tag the value twice
      }
      if (value.tag != 0x0C && value.tag != 0x13 && value.tag != 0x16) {
        return null; // UTF8String, PrintableString, IA5String
      }
      return new String[] {
        oidString(der, oid),
        new String(
            der,
            value.start,
            value.end - value.start,
            value.tag == 0x0C ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII)
      };
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String oidString(byte[] der, Der oid) {
    StringBuilder s = new StringBuilder();
    long value = 0;
    for (int i = oid.start; i < oid.end; i++) {
      value = (value << 7) | (der[i] & 0x7F);
      if ((der[i] & 0x80) == 0) {
        if (s.length() == 0) {
          long first = Math.min(value / 40, 2);
          s.append(first).append('.').append(value - first * 40);
        } else {
          s.append('.').append(value);
        }
        value = 0;
      }
    }
    return s.toString();
  }

  /** One DER TLV: tag, and where its contents start and end. */
  private record Der(int tag, int start, int end) {
    static Der read(byte[] b, int at) {
      int tag = b[at] & 0xFF;
      int len = b[at + 1] & 0xFF;
      int start = at + 2;
      if (len > 0x80) {
        int n = len & 0x7F;
        if (n > 3) {
          throw new IllegalArgumentException("length too long");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (b[start + i] & 0xFF);
        }
        start += n;
      } else if (len == 0x80) {
        throw new IllegalArgumentException("indefinite length");
      }
      if (start + len > b.length) {
        throw new IllegalArgumentException("truncated");
      }
      return new Der(tag, start, start + len);
    }
  }
}
