package io.github.jpki4j.jpki.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A JPKI card for the fuzz targets: a small working model of the card (SELECT, READ BINARY at any
 * offset, the empty and the real VERIFY with counters and blocking, COMPUTE DIGITAL SIGNATURE with
 * the unit-test fixture key), whose every answer the fuzzer may replace.
 *
 * <p>Each command first takes one byte from the input: 0–9 (and an exhausted input) answer as the
 * card would; 10 garbage data and a status word from the input; 11 a status word from a list of
 * meaningful ones; 12 any status word, no data; 13 a transmit failure; 14 a removed card; 15 the
 * card's answer cut short or with bytes added. So a short input is an honest card, and the fuzzer
 * spends bytes only where it wants a fault.
 *
 * <p>The certificate EFs hold the fixture certificate unless the input says otherwise (then the
 * bytes it gives). It also watches the PIN rules of {@code JpkiCard.verifyPin} from the card's side
 * (see {@link #expectVerify}).
 */
final class FuzzedCard implements ApduTransport {
  static final String AUTH_PIN = "1234";
  static final String SIGN_PIN = "ABC123";

  private static final int[] MEANINGFUL_SW = {
    0x9000, 0x6F00, 0x63C0, 0x63C1, 0x63C2, 0x63C3, 0x63C5, 0x63CF, 0x6983, 0x6984, 0x6982,
    0x6A82, 0x6B00, 0x6700, 0x6986, 0x6985, 0x6A86, 0x6D00, 0x6E00, 0x6281, 0x6CFF, 0x61FF,
  };
  private static final byte[] CERT = resource("/io/github/jpki4j/jpki/auth-cert.der");
  private static final PrivateKey KEY = privateKey(resource("/io/github/jpki4j/jpki/auth-key.pk8"));
  private static final byte[] AID = {
    (byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01
  };
  private static final byte[] TOKEN_INFO =
      "JPKIAPICCTOKEN2                 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final FuzzedDataProvider in;
  private final byte[] certEf;
  private boolean closed;
  private int exclusive;
  // the card's state
  private boolean apSelected;
  private int currentEf = -1;
  private int authTries = 3;
  private int signTries = 5;
  private boolean authVerified;
  private boolean signVerified;
  // what the driver was told: watched across one operation
  private boolean certificateTampered;
  private boolean inVerifyPin;
  private boolean allowLastTry;
  private Integer counterAnswer; // the SW the driver got for the last empty VERIFY
  private int pinsSent;

  FuzzedCard(FuzzedDataProvider in) {
    this.in = in;
    // the certificate EFs: the fixture (default), or what the input gives
    this.certEf = in.consumeInt(0, 7) == 7 ? in.consumeBytes(in.consumeInt(0, 255) * 8) : CERT;
  }

  /**
   * Whether a READ BINARY was answered with bytes the card does not hold (garbage, cut or added
   * bytes) in this session: then the driver may legitimately hold another certificate.
   */
  boolean certificateTampered() {
    return certificateTampered;
  }

  /** The DER object the certificate EFs hold (bytes after it are filler). */
  byte[] certificateEf() {
    return Arrays.copyOf(certEf, derLength(certEf));
  }

  /** A new driver call starts. */
  void startOperation() {
    inVerifyPin = false;
    counterAnswer = null;
    pinsSent = 0;
  }

  /** The next call is {@code verifyPin(..., allowLastTry)}. */
  void expectVerify(boolean allowLastTry) {
    this.inVerifyPin = true;
    this.allowLastTry = allowLastTry;
  }

  /** A warm reset: the session ends, the counters stay. */
  void resetCard() {
    apSelected = false;
    currentEf = -1;
    authVerified = false;
    signVerified = false;
  }

  boolean closed() {
    return closed;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws TransportException {
    if (closed) {
      fail("a command after close()");
    }
    byte[] raw = command.getBytes();
    boolean pinSent = command.getINS() == 0x20 && command.getNc() > 0;
    if (pinSent) {
      checkPinMaySend();
    }
    int fault = in.consumeInt(0, 15);
    if (fault == 13) {
      throw new TransmitFailedException("fuzz: the reader failed the transmit", null);
    }
    if (fault == 14) {
      throw new CardRemovedException("fuzz: the card was removed", null);
    }
    byte[] honest = answer(command); // the card acts on it in every other case
    byte[] out;
    switch (fault) {
      case 10 -> out = withSw(in.consumeBytes(in.consumeInt(0, 255)), in.consumeInt(0, 0xFFFF));
      case 11 ->
          out = withSw(data(honest), MEANINGFUL_SW[in.consumeInt(0, MEANINGFUL_SW.length - 1)]);
      case 12 -> out = withSw(new byte[0], in.consumeInt(0, 0xFFFF));
      case 15 -> {
        byte[] data = data(honest);
        int cut = in.consumeInt(0, 255);
        data =
            cut < 128
                ? Arrays.copyOf(data, Math.min(data.length, cut))
                : concat(data, in.consumeBytes(cut - 127));
        out = withSw(data, sw(honest));
      }
      default -> out = honest;
    }
    if (fault >= 10 && command.getINS() == 0xB0) {
      certificateTampered = true; // certificate bytes the card does not hold may have reached it
    }
    if (command.getINS() == 0x20 && command.getNc() == 0) {
      counterAnswer = sw(out);
    }
    return new ResponseAPDU(out);
  }

  // The PIN rules, seen from the card: the driver's last counter read allowed this VERIFY.
  private void checkPinMaySend() {
    assertTrue(exclusive > 0, "a PIN sent outside exclusive access");
    assertTrue(inVerifyPin, "a PIN sent by something other than verifyPin");
    assertTrue(++pinsSent == 1, "a PIN sent twice for one entry");
    assertTrue(counterAnswer != null, "a PIN sent without reading the counter first");
    int sw = counterAnswer;
    boolean triesLeft = (sw & 0xFFF0) == 0x63C0;
    assertTrue(
        sw == 0x9000
            || (triesLeft && (sw & 0x0F) >= 2)
            || (triesLeft && (sw & 0x0F) == 1 && allowLastTry),
        String.format(
            "a PIN sent after the counter answered %04X (allowLastTry %b)", sw, allowLastTry));
  }

  // The card itself.
  private byte[] answer(CommandAPDU c) {
    int ins = c.getINS();
    byte[] data = c.getData();
    if (c.getCLA() == 0x00 && ins == 0xA4 && c.getP1() == 0x04) {
      apSelected = Arrays.equals(data, AID);
      currentEf = -1;
      return apSelected ? sw(0x9000) : sw(0x6A82);
    }
    if (!apSelected) {
      return sw(0x6D00);
    }
    if (c.getCLA() == 0x00 && ins == 0xA4 && c.getP1() == 0x02 && data.length == 2) {
      int id = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
      boolean known =
          id == 0x000A
              || id == 0x000B
              || id == 0x0001
              || id == 0x0002
              || id == 0x0006
              || id == 0x0017
              || id == 0x0018
              || id == 0x001A
              || id == 0x001B;
      currentEf = known ? id : -1;
      return known ? sw(0x9000) : sw(0x6A82);
    }
    if (c.getCLA() == 0x00 && ins == 0xB0) {
      byte[] ef =
          currentEf == 0x0006
              ? TOKEN_INFO
              : currentEf == 0x000A || currentEf == 0x000B || currentEf == 0x0002
                  ? certEf
                  : currentEf == 0x0001 ? (signVerified ? certEf : null) : null;
      if (ef == null) {
        return currentEf == 0x0001 ? sw(0x6982) : sw(0x6986);
      }
      int offset = (c.getP1() << 8) | c.getP2();
      if (offset > ef.length) {
        return sw(0x6B00);
      }
      int n = Math.min(c.getNe(), ef.length - offset);
      return withSw(Arrays.copyOfRange(ef, offset, offset + n), 0x9000);
    }
    if (c.getCLA() == 0x00 && ins == 0x20 && (currentEf == 0x0018 || currentEf == 0x001B)) {
      boolean auth = currentEf == 0x0018;
      int tries = auth ? authTries : signTries;
      if (data.length == 0) {
        return (auth ? authVerified : signVerified)
            ? sw(0x9000)
            : tries == 0 ? sw(0x6983) : sw(0x63C0 | tries);
      }
      if (tries == 0) {
        return sw(0x6983);
      }
      boolean right =
          new String(data, java.nio.charset.StandardCharsets.US_ASCII)
              .equals(auth ? AUTH_PIN : SIGN_PIN);
      int left = right ? (auth ? 3 : 5) : tries - 1;
      if (auth) {
        authTries = left;
        authVerified = right;
      } else {
        signTries = left;
        signVerified = right;
      }
      return right ? sw(0x9000) : sw(0x63C0 | left);
    }
    if (c.getCLA() == 0x80 && ins == 0x2A && (currentEf == 0x0017 || currentEf == 0x001A)) {
      boolean verified = currentEf == 0x0017 ? authVerified : signVerified;
      if (!verified) {
        return sw(0x6982);
      }
      try {
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, KEY); // with a private key: PKCS#1 v1.5 block type 1
        return withSw(rsa.doFinal(data), 0x9000);
      } catch (GeneralSecurityException e) {
        return sw(0x6700);
      }
    }
    return sw(0x6D00);
  }

  @Override
  public byte[] atr() {
    return new byte[] {
      0x3B, (byte) 0xE0, 0x00, (byte) 0xFF, (byte) 0x81, 0x31, (byte) 0xFE, 0x45, 0x14
    };
  }

  @Override
  public void beginExclusive() {
    exclusive++;
  }

  @Override
  public void endExclusive() {
    assertTrue(exclusive > 0, "endExclusive without beginExclusive");
    exclusive--;
  }

  @Override
  public void close() {
    closed = true;
  }

  private static int derLength(byte[] b) {
    if (b.length >= 4 && b[0] == 0x30 && (b[1] & 0xFF) == 0x82) {
      return Math.min(b.length, 4 + (((b[2] & 0xFF) << 8) | (b[3] & 0xFF)));
    }
    if (b.length >= 3 && b[0] == 0x30 && (b[1] & 0xFF) == 0x81) {
      return Math.min(b.length, 3 + (b[2] & 0xFF));
    }
    if (b.length >= 2 && b[0] == 0x30 && (b[1] & 0xFF) < 0x80) {
      return Math.min(b.length, 2 + (b[1] & 0xFF));
    }
    return b.length;
  }

  private static byte[] data(byte[] response) {
    return Arrays.copyOf(response, response.length - 2);
  }

  private static int sw(byte[] response) {
    return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
  }

  private static byte[] sw(int sw) {
    return new byte[] {(byte) (sw >>> 8), (byte) sw};
  }

  private static byte[] withSw(byte[] data, int sw) {
    return concat(data, sw(sw));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] resource(String name) {
    try (InputStream s = FuzzedCard.class.getResourceAsStream(name)) {
      return s.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("test fixture " + name + " is missing", e);
    }
  }

  private static PrivateKey privateKey(byte[] pkcs8) {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
