package io.github.jpki4j.sim;

import static io.github.jpki4j.applet.JpkiConstants.EF_AUTH_CA_CERT;
import static io.github.jpki4j.applet.JpkiConstants.EF_AUTH_CERT;
import static io.github.jpki4j.applet.JpkiConstants.EF_AUTH_KEY;
import static io.github.jpki4j.applet.JpkiConstants.EF_AUTH_PIN;
import static io.github.jpki4j.applet.JpkiConstants.EF_CERT_PRESENCE;
import static io.github.jpki4j.applet.JpkiConstants.EF_SIGN_CA_CERT;
import static io.github.jpki4j.applet.JpkiConstants.EF_SIGN_CERT;
import static io.github.jpki4j.applet.JpkiConstants.EF_SIGN_KEY;
import static io.github.jpki4j.applet.JpkiConstants.EF_SIGN_PIN;
import static io.github.jpki4j.applet.JpkiConstants.EF_TOKEN_INFO;

import io.github.jpki4j.applet.JpkiConstants;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.smartcardio.CommandAPDU;

/**
 * The APDUs that personalize a fresh {@link io.github.jpki4j.applet.JpkiApplet} and lock it. Short
 * APDUs only (at most 253 bytes of EF data per write), so the sequence would work on any JavaCard;
 * about 40 commands in all.
 *
 * <pre>
 *   00 A4 04 0C 0A &lt;AID&gt;                     select the AP
 *   80 EA &lt;options&gt; 00                       applet options for the profile's quirks (if any)
 *   80 E0 00 00 04 &lt;fid&gt; &lt;size&gt;            create each transparent EF, as long as its contents
 *   80 E2 &lt;offset&gt; Lc &lt;fid&gt; &lt;data&gt;          (plus filler with ef-filler), and write it in chunks
 *   80 E4 &lt;17|1A&gt; &lt;1..5&gt; 80 &lt;128 bytes&gt;     P, Q, DP, DQ, QInv of each key
 *   80 E6 &lt;18|1B&gt; 00 Lc &lt;max&gt; &lt;left&gt; &lt;PIN&gt;  each PIN with its try limit and tries left
 *   80 E8 00 00                             lock: personalization answers 6D00 from then on
 * </pre>
 */
public final class Personalizer {
  /** The token label of the My Number Card (§2), space padded to 32 bytes in EF 0006. */
  public static final String TOKEN_LABEL = "JPKIAPICCTOKEN2";

  /** EF 0008: both certificates present (§2); the first byte is the signature certificate's. */
  private static final byte[] CERT_PRESENCE = {(byte) 0x8F, (byte) 0x8F, 0x00};

  /** EF 0008 of a card without the signature certificate. */
  private static final byte[] CERT_PRESENCE_AUTH_ONLY = {0x00, (byte) 0x8F, 0x00};

  /** Filler after each certificate with {@link Quirk#EF_FILLER}. */
  static final int FILLER_BYTES = 48;

  private static final int CHUNK = 253; // 255 - the 2-byte FID

  private Personalizer() {}

  /** The whole sequence for the default profile, from SELECT of the AP to LOCK. */
  public static List<CommandAPDU> commands(TestIdentity identity, PinState pins) {
    return commands(identity, pins, CardProfile.DEFAULT);
  }

  /**
   * The whole sequence for a profile: the applet options its quirks need ({@code 80 EA}), the EFs
   * (without the parts of the signature side its quirks leave out, with filler after each
   * certificate for {@link Quirk#EF_FILLER}), keys, PINs, LOCK.
   */
  public static List<CommandAPDU> commands(
      TestIdentity identity, PinState pins, CardProfile profile) {
    boolean signCert = !profile.has(Quirk.NO_SIGN_CERT);
    int filler = profile.has(Quirk.EF_FILLER) ? FILLER_BYTES : 0;
    List<CommandAPDU> out = new ArrayList<>();
    out.add(new CommandAPDU(0x00, JpkiConstants.INS_SELECT, 0x04, 0x0C, JpkiConstants.aid()));
    int options = appletOptions(profile);
    if (options != 0) {
      out.add(new CommandAPDU(0x80, JpkiConstants.INS_PERSO_SET_OPTIONS, options, 0x00));
    }
    writeEf(out, EF_TOKEN_INFO, tokenInfo(identity), 0);
    writeEf(out, EF_CERT_PRESENCE, signCert ? CERT_PRESENCE : CERT_PRESENCE_AUTH_ONLY, 0);
    writeEf(out, EF_AUTH_CERT, identity.authCertificateDer(), filler);
    writeEf(out, EF_AUTH_CA_CERT, identity.authCaCertificateDer(), filler);
    if (signCert) {
      writeEf(out, EF_SIGN_CERT, identity.signCertificateDer(), filler);
    }
    if (!profile.has(Quirk.NO_SIGN_CA)) {
      writeEf(out, EF_SIGN_CA_CERT, identity.signCaCertificateDer(), filler);
    }
    putKey(out, EF_AUTH_KEY, identity.authPrivateKey());
    if (!profile.has(Quirk.NO_SIGN_KEY)) {
      putKey(out, EF_SIGN_KEY, identity.signPrivateKey());
    }
    setPin(out, EF_AUTH_PIN, pins.authPin(), PinState.AUTH_MAX_TRIES, pins.authTriesLeft());
    if (profile.personalizesSignPin()) {
      setPin(out, EF_SIGN_PIN, pins.signPin(), PinState.SIGN_MAX_TRIES, pins.signTriesLeft());
    }
    out.add(new CommandAPDU(0x80, JpkiConstants.INS_PERSO_LOCK, 0x00, 0x00));
    return out;
  }

  /** The applet's option bits for the quirks it expresses itself. */
  static int appletOptions(CardProfile profile) {
    int options = 0;
    if (profile.has(Quirk.VERIFIED_9000)) {
      options |= JpkiConstants.OPTION_VERIFIED_ANSWERS_9000;
    }
    if (profile.has(Quirk.BLOCKED_6984)) {
      options |= JpkiConstants.OPTION_BLOCKED_ANSWERS_6984;
    }
    if (profile.has(Quirk.RESELECT_CLEARS_PIN)) {
      options |= JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED;
    }
    if (profile.has(Quirk.SIGN_PIN_6A88)) {
      options |= JpkiConstants.OPTION_UNSET_PIN_SELECTABLE;
    }
    return options;
  }

  /**
   * EF 0006, 160 bytes, laid out as soltia48 decodes it (§2): a PKCS#11 {@code CK_TOKEN_INFO} with
   * 4-byte big-endian integers. Label {@value #TOKEN_LABEL}; manufacturer and model say this is a
   * jpki4j test card; the serial comes from the authentication certificate.
   */
  public static byte[] tokenInfo(TestIdentity identity) {
    ByteBuffer b = ByteBuffer.allocate(160);
    b.put(padded(TOKEN_LABEL, 32));
    b.put(padded("jpki4j virtual card (TEST)", 32));
    b.put(padded("jpki4j-sim", 16));
    b.put(padded(serial(identity), 16));
    b.putInt(0x40D); // flags
    b.putInt(0); // max sessions: effectively infinite
    b.putInt(-1); // sessions: unavailable
    b.putInt(0); // max R/W sessions
    b.putInt(-1); // R/W sessions
    b.putInt(16); // max PIN length
    b.putInt(6); // min PIN length
    b.putInt(-1).putInt(-1).putInt(-1).putInt(-1); // public/private memory: unavailable
    b.put(padded("03", 2)); // hardware version
    b.put(padded("01", 2)); // firmware version
    b.put(padded("", 16)); // utcTime: no clock
    return b.array();
  }

  /** 16 upper-case hex digits from the authentication certificate's SHA-256. */
  static String serial(TestIdentity identity) {
    MessageDigest sha = DeterministicRandom.sha256();
    byte[] h = sha.digest(identity.authCertificateDer());
    return HexFormat.of().withUpperCase().formatHex(h, 0, 8);
  }

  private static byte[] padded(String s, int length) {
    byte[] out = new byte[length];
    Arrays.fill(out, (byte) ' ');
    byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, out, 0, ascii.length);
    return out;
  }

  /** Creates an EF {@code filler} bytes longer than {@code data} (the rest FF) and writes it. */
  private static void writeEf(List<CommandAPDU> out, short fid, byte[] object, int filler) {
    byte[] contents = Arrays.copyOf(object, object.length + filler);
    Arrays.fill(contents, object.length, contents.length, (byte) 0xFF);
    out.add(
        new CommandAPDU(
            0x80,
            JpkiConstants.INS_PERSO_CREATE_EF,
            0x00,
            0x00,
            new byte[] {
              (byte) (fid >> 8), (byte) fid, (byte) (contents.length >> 8), (byte) contents.length
            }));
    for (int off = 0; off < contents.length; off += CHUNK) {
      int n = Math.min(CHUNK, contents.length - off);
      byte[] data = new byte[2 + n];
      data[0] = (byte) (fid >> 8);
      data[1] = (byte) fid;
      System.arraycopy(contents, off, data, 2, n);
      out.add(new CommandAPDU(0x80, JpkiConstants.INS_PERSO_WRITE_EF, off >> 8, off & 0xFF, data));
    }
  }

  private static void putKey(List<CommandAPDU> out, short fid, RSAPrivateCrtKey key) {
    BigInteger[] parts = {
      key.getPrimeP(),
      key.getPrimeQ(),
      key.getPrimeExponentP(),
      key.getPrimeExponentQ(),
      key.getCrtCoefficient()
    };
    for (int i = 0; i < parts.length; i++) {
      out.add(
          new CommandAPDU(
              0x80,
              JpkiConstants.INS_PERSO_PUT_KEY,
              fid & 0xFF,
              i + 1,
              unsigned(parts[i], JpkiConstants.KEY_PART_BYTES)));
    }
  }

  private static void setPin(List<CommandAPDU> out, short fid, String pin, int max, int left) {
    byte[] value = pin.getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[2 + value.length];
    data[0] = (byte) max;
    data[1] = (byte) left;
    System.arraycopy(value, 0, data, 2, value.length);
    out.add(new CommandAPDU(0x80, JpkiConstants.INS_PERSO_SET_PIN, fid & 0xFF, 0x00, data));
  }

  /** Big-endian, unsigned, left padded with zeros to exactly {@code length} bytes. */
  static byte[] unsigned(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    int skip = raw.length > length ? raw.length - length : 0;
    for (int i = 0; i < skip; i++) {
      if (raw[i] != 0) {
        throw new IllegalArgumentException("value longer than " + length + " bytes");
      }
    }
    byte[] out = new byte[length];
    System.arraycopy(raw, skip, out, length - (raw.length - skip), raw.length - skip);
    return out;
  }
}
