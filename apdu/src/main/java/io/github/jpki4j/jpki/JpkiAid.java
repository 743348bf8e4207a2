package io.github.jpki4j.jpki;

/** Application identifiers of the My Number Card. */
public final class JpkiAid {
  /** 公的個人認証AP (JPKI): {@code D3 92 F0 00 26 01 00 00 00 01}. */
  private static final byte[] JPKI = {
    (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
  };

  private JpkiAid() {}

  /** A copy of the JPKI AP's AID. */
  public static byte[] jpki() {
    return JPKI.clone();
  }
}
