package io.github.jpki4j.applet;

import javacard.framework.APDU;
import javacard.framework.APDUException;
import javacard.framework.Applet;
import javacard.framework.CardRuntimeException;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.KeyBuilder;
import javacard.security.RSAPrivateCrtKey;
import javacard.security.RandomData;
import javacardx.apdu.ExtendedLength;
import javacardx.crypto.Cipher;

/**
 * The JPKI AP of the My Number Card, as {@code docs/card-protocol.md} describes it, for jcardsim
 * and (in principle) a real JavaCard: JavaCard 3.0.x classic API only.
 *
 * <p>Commands (after personalization is locked):
 *
 * <ul>
 *   <li>SELECT by name ({@code 00 A4 04 0C|00}) of the JPKI AID; a prefix of it selects it too, as
 *       the JCRE matches partial names and the real ATR declares partial DF-name selection (§1.3,
 *       {@code 31 C1}). P2=00 returns a minimal FCI {@code 6F 0C 84 0A <AID>} when Le is present;
 *       other P2 values answer {@code 6A86}. Any other name answers {@code 6A82}: a foreign SELECT
 *       the JCRE forwards to this applet leaves it selected, state unchanged.
 *   <li>SELECT EF {@code 00 A4 02 0C 02 <fid>} (also P1=00); unknown FIDs, 3F00 included, answer
 *       {@code 6A82} and leave the current EF as it was; {@code 00 A4 00 00} with no data answers
 *       {@code 9000} and changes nothing (§1.2). EF SELECT with a P2 other than 0C: {@code 6A86}.
 *   <li>READ BINARY {@code 00 B0 <offset> Le}: exactly min(Le, remaining) bytes (§3); an offset at
 *       or past the end answers {@code 6B00}; short and extended Le. The SFI form ({@code P1 =
 *       100sssss}, P2 = offset) reads the EF whose FID low byte is the SFI and, on success, makes
 *       it the current EF.
 *   <li>VERIFY {@code 00 20 00 80 [Lc PIN]} on the current PIN IEF, or P2 = 80|SFI (§4). The empty
 *       VERIFY answers {@code 63Cx} whatever the state (what OpenSC needs), unless the options
 *       below say otherwise.
 *   <li>COMPUTE DIGITAL SIGNATURE {@code 80 2A 00 80 Lc data 00} on the current key IEF, or P2 =
 *       80|SFI (§5): PKCS#1 v1.5 type-1 padding built here, then raw RSA with the CRT key.
 *   <li>GET CHALLENGE {@code 00 84 00 00 Le} (§6): short Le 1..256 ({@code 00} = 256) answers that
 *       many bytes of {@code RandomData.ALG_SECURE_RANDOM}; an extended Le answers {@code 6985}
 *       (soltia48's probe of the real card); no Le or a data field {@code 6700}; P1/P2 other than
 *       00 {@code 6A86}. Under jcardsim 3.0.5 the generator is a SHA-1 DRBG that is seeded only if
 *       the system property {@code com.licel.jcardsim.randomdata.secure=1} (seed from {@code
 *       SecureRandom}) or {@code com.licel.jcardsim.randomdata.seed=<hex>} is set when the applet
 *       is installed; without either, every fresh card gives the same sequence (successive
 *       challenges of one card still differ).
 * </ul>
 *
 * <p>A card without the signature key pair (a holder under 15, §11): personalization may leave out
 * any part of the signature side, alone or together: EF 0001, EF 0002, the key 001A, the PIN 001B.
 * Then SELECT of a missing part and READ BINARY of a missing EF by SFI answer {@code 6A82}, and
 * VERIFY or COMPUTE DIGITAL SIGNATURE naming a missing key or PIN by SFI answer {@code 6A88}. A PIN
 * left without reference data is selectable only with {@link
 * JpkiConstants#OPTION_UNSET_PIN_SELECTABLE}, and VERIFY on it answers {@code 6A88}.
 *
 * <p>Real-card variance (§10, §11), chosen at personalization with {@code 80 EA} ({@link
 * JpkiConstants#INS_PERSO_SET_OPTIONS}); with no options the applet behaves as described here:
 *
 * <ul>
 *   <li>{@link JpkiConstants#OPTION_VERIFIED_ANSWERS_9000}: the empty VERIFY on a verified PIN
 *       answers {@code 9000} (soltia48's "some cards", §10.4).
 *   <li>{@link JpkiConstants#OPTION_BLOCKED_ANSWERS_6984}: the empty VERIFY on a blocked PIN
 *       answers {@code 6984} (§10.3).
 *   <li>{@link JpkiConstants#OPTION_RESELECT_CLEARS_VERIFIED}: selecting the AP clears both
 *       verified states, also a re-SELECT while it is selected (OpenSC's logout, §10.6).
 * </ul>
 *
 * <p>Status words chosen where the protocol note leaves the choice open (§9.5, §10):
 *
 * <ul>
 *   <li>READ BINARY with no current EF: {@code 6986}; on a key or PIN IEF: {@code 6981} (not a
 *       transparent file).
 *   <li>VERIFY or signature with no current EF, or with an EF of the wrong kind: {@code 6986}; a
 *       P2=80|SFI naming no PIN/key: {@code 6A88}. VERIFY with more than 16 bytes: {@code 6700}, no
 *       try spent. A failed VERIFY also clears the PIN's verified state.
 *   <li>Signature: length checked ({@code 6700}) before the PIN ({@code 6982}); a Le shorter than
 *       256 answers {@code 6700}.
 *   <li>GET DATA ({@code CA}/{@code CB}), CHANGE REFERENCE DATA, GET RESPONSE and every other INS:
 *       {@code 6D00}. CLA with a logical channel other than 0: {@code 6881}; with secure messaging:
 *       {@code 6882}; any other CLA than 00/80: {@code 6E00}. MANAGE CHANNEL: {@code 6881}.
 * </ul>
 *
 * <p>Security state lifetime (§4, §10.6): the verified flags are {@code CLEAR_ON_RESET} transient
 * memory, so they survive EF selections, foreign SELECTs and (by default) a re-SELECT of this AP
 * (soltia48 observed on a real card that only unpowering clears them; OpenSC's "logout by
 * re-select" is an unconfirmed assumption, available as {@code OPTION_RESELECT_CLEARS_VERIFIED})
 * and die with any card reset or power loss. {@code CLEAR_ON_DESELECT} would not do: jcardsim
 * deselects (and clears) on every re-SELECT of the same applet. Re-selecting the AP does forget the
 * current EF.
 *
 * <p>Personalization (proprietary {@code 80 E0}…{@code 80 EA}, see {@link JpkiConstants}) loads the
 * EFs, the CRT keys and the two PINs, optionally sets the options, then LOCK. Before LOCK every
 * JPKI command except SELECT of the AP answers {@code 6985}; after LOCK the personalization INS
 * answer {@code 6D00} forever.
 *
 * <p>Host accessors: {@link #pinTriesLeft} and {@link #pinVerified} let the simulator in the same
 * JVM read the PIN state for its persistence. A real card has no such path, and another applet
 * could not reach them through the firewall without a {@code Shareable} interface.
 */
// Card-side code keeps to the JavaCard-classic style (statement switches, short arithmetic, byte
// constants, no java.util), as for a real card. Error Prone cannot turn one check off for one
// package (-XepExcludedPaths turns every check off for the files it matches), so the checks that
// conflict with that style are suppressed here, in the card-side classes they fire in.
@SuppressWarnings("StatementSwitchToExpressionSwitch")
public final class JpkiApplet extends Applet implements ExtendedLength {
  private static final byte NO_EF = 0;
  // Indices into the transient arrays.
  private static final byte CURRENT_EF = 0;
  private static final byte AUTH = 0;
  private static final byte SIGN = 1;

  private static final short SHORT_MAX_OUT = 256;
  private static final short EXTENDED_MAX_OUT = 32767;
  private static final byte KNOWN_OPTIONS =
      JpkiConstants.OPTION_VERIFIED_ANSWERS_9000
          | JpkiConstants.OPTION_BLOCKED_ANSWERS_6984
          | JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED
          | JpkiConstants.OPTION_UNSET_PIN_SELECTABLE;

  private final BinaryFile[] files;
  private final PinRecord authPin;
  private final PinRecord signPin;
  private final RSAPrivateCrtKey authKey;
  private final RSAPrivateCrtKey signKey;
  private final Cipher rsa;
  private final RandomData random;

  /** The padded block to sign. */
  private final byte[] block;

  /** [CURRENT_EF]: low byte of the current EF's FID, or NO_EF. */
  private final byte[] state;

  /** [AUTH], [SIGN]: PIN verified in this power session. */
  private final boolean[] verified;

  private boolean locked;

  /** The OPTION_ bits of the last SET OPTIONS (persistent; fixed by LOCK). */
  private byte options;

  /** Some part of the signature key was loaded: LOCK then needs the whole key. */
  private boolean signKeyStarted;

  @SuppressWarnings("deprecation") // ALG_SECURE_RANDOM: see below
  private JpkiApplet() {
    files = new BinaryFile[6];
    files[0] = new BinaryFile(JpkiConstants.EF_SIGN_CERT);
    files[1] = new BinaryFile(JpkiConstants.EF_SIGN_CA_CERT);
    files[2] = new BinaryFile(JpkiConstants.EF_TOKEN_INFO);
    files[3] = new BinaryFile(JpkiConstants.EF_CERT_PRESENCE);
    files[4] = new BinaryFile(JpkiConstants.EF_AUTH_CERT);
    files[5] = new BinaryFile(JpkiConstants.EF_AUTH_CA_CERT);
    authPin = new PinRecord();
    signPin = new PinRecord();
    authKey =
        (RSAPrivateCrtKey)
            KeyBuilder.buildKey(KeyBuilder.TYPE_RSA_CRT_PRIVATE, KeyBuilder.LENGTH_RSA_2048, false);
    signKey =
        (RSAPrivateCrtKey)
            KeyBuilder.buildKey(KeyBuilder.TYPE_RSA_CRT_PRIVATE, KeyBuilder.LENGTH_RSA_2048, false);
    rsa = Cipher.getInstance(Cipher.ALG_RSA_NOPAD, false);
    // ALG_SECURE_RANDOM and generateData exist on every JavaCard 3.0.x; 3.0.5 deprecates them
    // for ALG_KEYGENERATION and nextBytes, which 3.0.1-3.0.4 lack. jcardsim supports both.
    random = RandomData.getInstance(RandomData.ALG_SECURE_RANDOM);
    block = JCSystem.makeTransientByteArray(JpkiConstants.RSA_BYTES, JCSystem.CLEAR_ON_DESELECT);
    state = JCSystem.makeTransientByteArray((short) 1, JCSystem.CLEAR_ON_RESET);
    verified = JCSystem.makeTransientBooleanArray((short) 2, JCSystem.CLEAR_ON_RESET);
  }

  /**
   * Installs the applet. With GlobalPlatform install parameters the instance AID comes from {@code
   * bArray}; with none (jcardsim's {@code installApplet}) the installer's AID is used.
   */
  public static void install(byte[] bArray, short bOffset, byte bLength) {
    JpkiApplet applet = new JpkiApplet();
    if (bLength > 0 && bArray[bOffset] > 0) {
      applet.register(bArray, (short) (bOffset + 1), bArray[bOffset]);
    } else {
      applet.register();
    }
  }

  @Override
  public boolean select() {
    apSelected();
    return true;
  }

  /** Both ways the AP gets (re-)selected: forget the current EF, and maybe the PINs (§10.6). */
  private void apSelected() {
    state[CURRENT_EF] = NO_EF;
    if ((options & JpkiConstants.OPTION_RESELECT_CLEARS_VERIFIED) != 0) {
      verified[AUTH] = false;
      verified[SIGN] = false;
    }
  }

  @Override
  public void process(APDU apdu) {
    try {
      dispatch(apdu);
    } catch (ISOException e) {
      throw e;
    } catch (APDUException e) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    } catch (CardRuntimeException e) {
      // never let a reason code leak out as a status word (jcardsim would send it as is)
      ISOException.throwIt(ISO7816.SW_UNKNOWN);
    }
  }

  private void dispatch(APDU apdu) {
    byte[] buf = apdu.getBuffer();
    byte cla = buf[ISO7816.OFFSET_CLA];
    byte ins = buf[ISO7816.OFFSET_INS];
    checkClass(cla);
    if (selectingApplet()) {
      selectApplication(apdu, buf);
      return;
    }
    if (cla == 0x00) {
      switch (ins) {
        case JpkiConstants.INS_SELECT:
          select(apdu, buf);
          return;
        case JpkiConstants.INS_READ_BINARY:
          requireLocked();
          readBinary(apdu, buf);
          return;
        case JpkiConstants.INS_VERIFY:
          requireLocked();
          verify(apdu, buf);
          return;
        case JpkiConstants.INS_GET_CHALLENGE:
          requireLocked();
          getChallenge(apdu, buf);
          return;
        case JpkiConstants.INS_MANAGE_CHANNEL:
          ISOException.throwIt(JpkiConstants.SW_LOGICAL_CHANNEL_NOT_SUPPORTED);
          return;
        default:
          // GET DATA (CA/CB) included (§9.5)
          ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
          return;
      }
    }
    if (ins == JpkiConstants.INS_COMPUTE_DIGITAL_SIGNATURE) {
      requireLocked();
      sign(apdu, buf);
      return;
    }
    if (!locked
        && ins >= JpkiConstants.INS_PERSO_CREATE_EF
        && ins <= JpkiConstants.INS_PERSO_SET_OPTIONS) {
      personalize(apdu, buf, ins);
      return;
    }
    ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
  }

  /** CLA 00 and 80 only: logical channels 6881, secure messaging 6882, anything else 6E00. */
  private static void checkClass(byte cla) {
    if (cla == 0x00 || cla == (byte) 0x80) {
      return;
    }
    if ((cla & 0x40) == 0 && (cla & 0x03) != 0) {
      ISOException.throwIt(JpkiConstants.SW_LOGICAL_CHANNEL_NOT_SUPPORTED);
    }
    if ((cla & 0xC0) == 0x40) {
      ISOException.throwIt(JpkiConstants.SW_LOGICAL_CHANNEL_NOT_SUPPORTED);
    }
    if ((cla & 0xE0) == 0 && (cla & 0x0C) != 0) {
      ISOException.throwIt(JpkiConstants.SW_SECURE_MESSAGING_NOT_SUPPORTED);
    }
    ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
  }

  private void requireLocked() {
    if (!locked) {
      ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
    }
  }

  // ---- SELECT ---------------------------------------------------------------------------------

  /** The SELECT that made the JCRE select this applet; select() already forgot the current EF. */
  private void selectApplication(APDU apdu, byte[] buf) {
    receiveAll(apdu);
    byte p2 = buf[ISO7816.OFFSET_P2];
    if (p2 == 0x00) {
      sendFci(apdu, buf);
    } else if (p2 != 0x0C) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
  }

  private void select(APDU apdu, byte[] buf) {
    short lc = receiveAll(apdu);
    short off = apdu.getOffsetCdata();
    byte p1 = buf[ISO7816.OFFSET_P1];
    byte p2 = buf[ISO7816.OFFSET_P2];
    if (p1 == 0x04) {
      // A SELECT by name that the JCRE did not match (it forwards those to the selected applet),
      // or an extended-length one that it does not treat as a selection at all.
      if (lc != (short) JpkiConstants.AID.length
          || Util.arrayCompare(buf, off, JpkiConstants.AID, (short) 0, lc) != 0) {
        ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
      }
      if (p2 != 0x0C && p2 != 0x00) {
        ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
      }
      apSelected();
      if (p2 == 0x00) {
        sendFci(apdu, buf);
      }
      return;
    }
    requireLocked();
    if (p1 != 0x02 && p1 != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (p1 == 0x00 && lc == 0) {
      return; // §1.2: 9000 without changing the current DF
    }
    if (p2 != 0x0C) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (lc != 2) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    if (buf[off] != 0x00 || !exists(buf[(short) (off + 1)])) {
      ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
    }
    state[CURRENT_EF] = buf[(short) (off + 1)];
  }

  /** After LOCK: every EF and IEF, except the parts of the signature side a card lacks (§11). */
  private boolean exists(byte id) {
    BinaryFile file = findFile(id);
    if (file != null) {
      return file.data != null;
    }
    if (id == (byte) JpkiConstants.EF_SIGN_KEY) {
      return signKey.isInitialized();
    }
    if (id == (byte) JpkiConstants.EF_SIGN_PIN) {
      return signPin.isSet() || (options & JpkiConstants.OPTION_UNSET_PIN_SELECTABLE) != 0;
    }
    return id == (byte) JpkiConstants.EF_AUTH_KEY || id == (byte) JpkiConstants.EF_AUTH_PIN;
  }

  private BinaryFile findFile(byte id) {
    for (short i = 0; i < (short) files.length; i++) {
      if (files[i].id == id) {
        return files[i];
      }
    }
    return null;
  }

  /** FCI {@code 6F 0C 84 0A <AID>}, only when the command carries a Le. */
  private void sendFci(APDU apdu, byte[] buf) {
    short le = apdu.setOutgoing();
    if (le <= 0) {
      return; // no Le (jcardsim reports 0): nothing was asked for
    }
    short len = (short) (JpkiConstants.AID.length + 4);
    buf[0] = 0x6F;
    buf[1] = (byte) (len - 2);
    buf[2] = (byte) 0x84;
    buf[3] = (byte) JpkiConstants.AID.length;
    Util.arrayCopyNonAtomic(
        JpkiConstants.AID, (short) 0, buf, (short) 4, (short) JpkiConstants.AID.length);
    if (le < len) {
      len = le;
    }
    apdu.setOutgoingLength(len);
    apdu.sendBytes((short) 0, len);
  }

  // ---- READ BINARY ----------------------------------------------------------------------------

  private void readBinary(APDU apdu, byte[] buf) {
    byte p1 = buf[ISO7816.OFFSET_P1];
    byte p2 = buf[ISO7816.OFFSET_P2];
    byte id;
    short offset;
    if ((p1 & 0x80) != 0) {
      if ((p1 & 0x60) != 0) {
        ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
      }
      id = (byte) (p1 & 0x1F);
      offset = (short) (p2 & 0xFF);
      if (!exists(id)) {
        ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
      }
    } else {
      id = state[CURRENT_EF];
      offset = Util.getShort(buf, ISO7816.OFFSET_P1);
      if (id == NO_EF) {
        ISOException.throwIt(ISO7816.SW_COMMAND_NOT_ALLOWED);
      }
    }
    BinaryFile file = findFile(id);
    if (file == null) {
      ISOException.throwIt(JpkiConstants.SW_INCOMPATIBLE_FILE_STRUCTURE); // a key or PIN IEF
    }
    if (id == (byte) JpkiConstants.EF_SIGN_CERT && !verified[SIGN]) {
      ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
    }
    byte[] data = file.data;
    if (offset >= (short) data.length) {
      ISOException.throwIt(ISO7816.SW_WRONG_P1P2); // 6B00
    }
    short remaining = (short) (data.length - offset);
    short le = apdu.setOutgoing();
    if (le <= 0) {
      // Extended Le 0000 means 65536; jcardsim's setOutgoing() answers 0 for it (and for values
      // above 7FFF, which come out negative). A short APDU with no Le also lands here and gets
      // the short maximum below.
      le = EXTENDED_MAX_OUT;
    }
    short n = remaining < le ? remaining : le;
    try {
      apdu.setOutgoingLength(n);
    } catch (APDUException e) {
      if (n <= SHORT_MAX_OUT) {
        throw e;
      }
      n = SHORT_MAX_OUT; // a short APDU: the JCRE refuses more than 256
      apdu.setOutgoingLength(n);
    }
    apdu.sendBytesLong(data, offset, n);
    state[CURRENT_EF] = id;
  }

  // ---- VERIFY ---------------------------------------------------------------------------------

  private void verify(APDU apdu, byte[] buf) {
    if (buf[ISO7816.OFFSET_P1] != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    byte id = reference(buf[ISO7816.OFFSET_P2]);
    byte index;
    PinRecord pin;
    if (id == (byte) JpkiConstants.EF_AUTH_PIN) {
      index = AUTH;
      pin = authPin;
    } else if (id == (byte) JpkiConstants.EF_SIGN_PIN) {
      index = SIGN;
      pin = signPin;
    } else {
      wrongReference(buf);
      return;
    }
    if (!pin.isSet()) {
      ISOException.throwIt(JpkiConstants.SW_REFERENCED_DATA_NOT_FOUND); // §11: no such PIN
    }
    short lc = receiveAll(apdu);
    if (lc == 0) {
      // §4: the free counter query answers 63Cx whatever the state, also verified or blocked,
      // unless the card was personalized to behave otherwise
      if (verified[index] && (options & JpkiConstants.OPTION_VERIFIED_ANSWERS_9000) != 0) {
        return;
      }
      if (pin.blocked() && (options & JpkiConstants.OPTION_BLOCKED_ANSWERS_6984) != 0) {
        ISOException.throwIt(JpkiConstants.SW_PIN_BLOCKED);
      }
      ISOException.throwIt((short) (JpkiConstants.SW_VERIFY_FAILED | pin.triesLeft()));
    }
    if (lc > JpkiConstants.PIN_MAX_LENGTH) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    if (pin.blocked()) {
      ISOException.throwIt(JpkiConstants.SW_PIN_BLOCKED);
    }
    verified[index] = false;
    if (pin.check(buf, apdu.getOffsetCdata(), lc)) {
      verified[index] = true;
      return;
    }
    ISOException.throwIt((short) (JpkiConstants.SW_VERIFY_FAILED | pin.triesLeft()));
  }

  /** P2 = 80: the current EF; P2 = 80|SFI: that IEF; anything else 6A86. */
  private byte reference(byte p2) {
    if (p2 == (byte) 0x80) {
      return state[CURRENT_EF];
    }
    if ((p2 & 0xE0) != 0x80) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    return (byte) (p2 & 0x1F);
  }

  private static void wrongReference(byte[] buf) {
    if (buf[ISO7816.OFFSET_P2] == (byte) 0x80) {
      ISOException.throwIt(ISO7816.SW_COMMAND_NOT_ALLOWED);
    }
    ISOException.throwIt(JpkiConstants.SW_REFERENCED_DATA_NOT_FOUND);
  }

  // ---- COMPUTE DIGITAL SIGNATURE --------------------------------------------------------------

  private void sign(APDU apdu, byte[] buf) {
    if (buf[ISO7816.OFFSET_P1] != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2); // §5: P1 01..05 not emulated
    }
    byte id = reference(buf[ISO7816.OFFSET_P2]);
    RSAPrivateCrtKey key;
    boolean allowed;
    if (id == (byte) JpkiConstants.EF_AUTH_KEY) {
      key = authKey;
      allowed = verified[AUTH];
    } else if (id == (byte) JpkiConstants.EF_SIGN_KEY && signKey.isInitialized()) {
      key = signKey;
      allowed = verified[SIGN];
    } else {
      wrongReference(buf);
      return;
    }
    short lc = receiveAll(apdu);
    if (lc < 1 || lc > JpkiConstants.SIGN_MAX_INPUT) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    if (!allowed) {
      ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
    }
    // EMSA-PKCS1-v1_5 type 1: 00 01 FF..FF 00 || data, over the whole modulus length
    short dataOff = (short) (JpkiConstants.RSA_BYTES - lc);
    block[0] = 0x00;
    block[1] = 0x01;
    Util.arrayFillNonAtomic(block, (short) 2, (short) (dataOff - 3), (byte) 0xFF);
    block[(short) (dataOff - 1)] = 0x00;
    Util.arrayCopyNonAtomic(buf, apdu.getOffsetCdata(), block, dataOff, lc);
    short le = apdu.setOutgoing();
    if (le > 0 && le < JpkiConstants.RSA_BYTES) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    rsa.init(key, Cipher.MODE_ENCRYPT);
    short n = rsa.doFinal(block, (short) 0, JpkiConstants.RSA_BYTES, buf, (short) 0);
    apdu.setOutgoingLength(n);
    apdu.sendBytes((short) 0, n);
  }

  // ---- GET CHALLENGE --------------------------------------------------------------------------

  /**
   * {@code 00 84 00 00 Le}: short Le 1..256 random bytes. Extended Le: 6985 (§6, soltia48); no Le
   * or a data field: 6700.
   */
  @SuppressWarnings("deprecation") // generateData: 3.0.x-portable, see the constructor
  private void getChallenge(APDU apdu, byte[] buf) {
    if (buf[ISO7816.OFFSET_P1] != 0x00 || buf[ISO7816.OFFSET_P2] != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (receiveAll(apdu) != 0) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    if (apdu.getOffsetCdata() == ISO7816.OFFSET_EXT_CDATA) {
      ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
    }
    short le = apdu.setOutgoing();
    if (le <= 0 || le > SHORT_MAX_OUT) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH); // case 1: nothing asked for
    }
    random.generateData(buf, (short) 0, le);
    apdu.setOutgoingLength(le);
    apdu.sendBytes((short) 0, le);
  }

  // ---- host accessors -------------------------------------------------------------------------

  /**
   * The tries left of a PIN, for the simulator's persistence (host code in the same JVM).
   *
   * <p>A real card has no such path: its counters can only be read through the empty VERIFY, and
   * other applets could not call this method across the applet firewall without a {@code Shareable}
   * interface. Call it between commands, not from another thread during one.
   *
   * @param pinFileId {@link JpkiConstants#EF_AUTH_PIN} or {@link JpkiConstants#EF_SIGN_PIN}
   * @return the tries left (0 when blocked, and also before personalization set the PIN), or -1 for
   *     any other file ID
   */
  public byte pinTriesLeft(short pinFileId) {
    if (pinFileId == JpkiConstants.EF_AUTH_PIN) {
      return authPin.triesLeft();
    }
    if (pinFileId == JpkiConstants.EF_SIGN_PIN) {
      return signPin.triesLeft();
    }
    return (byte) -1;
  }

  /**
   * Whether a PIN is verified in the current card session, for the simulator (same caveats as
   * {@link #pinTriesLeft}: host-only, no real-card equivalent besides the effect on the commands).
   *
   * @param pinFileId {@link JpkiConstants#EF_AUTH_PIN} or {@link JpkiConstants#EF_SIGN_PIN}
   * @return the verified state; false for any other file ID
   */
  public boolean pinVerified(short pinFileId) {
    if (pinFileId == JpkiConstants.EF_AUTH_PIN) {
      return verified[AUTH];
    }
    if (pinFileId == JpkiConstants.EF_SIGN_PIN) {
      return verified[SIGN];
    }
    return false;
  }

  // ---- personalization ------------------------------------------------------------------------

  private void personalize(APDU apdu, byte[] buf, byte ins) {
    if (ins == JpkiConstants.INS_PERSO_WRITE_EF) {
      writeEf(apdu, buf);
      return;
    }
    short lc = receiveAll(apdu);
    short off = apdu.getOffsetCdata();
    byte p1 = buf[ISO7816.OFFSET_P1];
    byte p2 = buf[ISO7816.OFFSET_P2];
    switch (ins) {
      case JpkiConstants.INS_PERSO_CREATE_EF:
        createEf(buf, off, lc);
        return;
      case JpkiConstants.INS_PERSO_PUT_KEY:
        putKeyPart(buf, off, lc, p1, p2);
        return;
      case JpkiConstants.INS_PERSO_SET_PIN:
        setPin(buf, off, lc, p1, p2);
        return;
      case JpkiConstants.INS_PERSO_LOCK:
        lock();
        return;
      case JpkiConstants.INS_PERSO_SET_OPTIONS:
        setOptions(lc, p1, p2);
        return;
      default:
        ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
    }
  }

  private void createEf(byte[] buf, short off, short lc) {
    if (lc != 4) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    BinaryFile file = fileForPerso(buf, off);
    short size = Util.getShort(buf, (short) (off + 2));
    if (size <= 0) {
      ISOException.throwIt(ISO7816.SW_WRONG_DATA);
    }
    file.data = new byte[size];
  }

  private BinaryFile fileForPerso(byte[] buf, short off) {
    BinaryFile file = buf[off] == 0x00 ? findFile(buf[(short) (off + 1)]) : null;
    if (file == null) {
      ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
    }
    return file;
  }

  /** Writes chunk by chunk as the data arrives, so the command may exceed the APDU buffer. */
  private void writeEf(APDU apdu, byte[] buf) {
    if ((buf[ISO7816.OFFSET_P1] & 0x80) != 0) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    short offset = Util.getShort(buf, ISO7816.OFFSET_P1);
    short got = apdu.setIncomingAndReceive();
    short off = apdu.getOffsetCdata();
    if (got < 2) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    BinaryFile file = fileForPerso(buf, off);
    if (file.data == null) {
      ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
    }
    short total = (short) (apdu.getIncomingLength() - 2);
    if (total > (short) (file.data.length - offset)) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    short chunkOff = (short) (off + 2);
    short chunk = (short) (got - 2);
    while (chunk > 0) {
      Util.arrayCopyNonAtomic(buf, chunkOff, file.data, offset, chunk);
      offset = (short) (offset + chunk);
      chunkOff = off;
      chunk = apdu.receiveBytes(off);
    }
  }

  private void putKeyPart(byte[] buf, short off, short lc, byte p1, byte p2) {
    RSAPrivateCrtKey key = null;
    if (p1 == (byte) JpkiConstants.EF_AUTH_KEY) {
      key = authKey;
    } else if (p1 == (byte) JpkiConstants.EF_SIGN_KEY) {
      key = signKey;
    } else {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (lc != JpkiConstants.KEY_PART_BYTES) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    if (key == signKey) {
      signKeyStarted = true;
    }
    switch (p2) {
      case JpkiConstants.KEY_PART_P:
        key.setP(buf, off, lc);
        return;
      case JpkiConstants.KEY_PART_Q:
        key.setQ(buf, off, lc);
        return;
      case JpkiConstants.KEY_PART_DP:
        key.setDP1(buf, off, lc);
        return;
      case JpkiConstants.KEY_PART_DQ:
        key.setDQ1(buf, off, lc);
        return;
      case JpkiConstants.KEY_PART_QINV:
        key.setPQ(buf, off, lc);
        return;
      default:
        ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
  }

  private void setPin(byte[] buf, short off, short lc, byte p1, byte p2) {
    PinRecord pin = null;
    if (p1 == (byte) JpkiConstants.EF_AUTH_PIN) {
      pin = authPin;
    } else if (p1 == (byte) JpkiConstants.EF_SIGN_PIN) {
      pin = signPin;
    }
    if (pin == null || p2 != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (lc < 3 || lc > (short) (2 + JpkiConstants.PIN_MAX_LENGTH)) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    byte max = buf[off];
    byte left = buf[(short) (off + 1)];
    if (max < 1 || max > 15 || left < 0 || left > max) {
      ISOException.throwIt(ISO7816.SW_WRONG_DATA);
    }
    pin.set(buf, (short) (off + 2), (byte) (lc - 2), max, left);
  }

  /** {@code 80 EA <options> 00}: P1 is the new option mask (replacing the previous one). */
  private void setOptions(short lc, byte p1, byte p2) {
    if ((p1 & (byte) ~KNOWN_OPTIONS) != 0 || p2 != 0x00) {
      ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
    }
    if (lc != 0) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    options = p1;
  }

  /**
   * Everything must be loaded, except any part of the signature side (certificate, CA certificate,
   * key, PIN: a holder under 15, §11); a partly loaded signature key is refused.
   */
  private void lock() {
    for (short i = 0; i < (short) files.length; i++) {
      if (files[i].data == null && !signatureSide(files[i].id)) {
        ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
      }
    }
    if (!authKey.isInitialized() || !authPin.isSet()) {
      ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
    }
    if (signKeyStarted && !signKey.isInitialized()) {
      ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
    }
    locked = true;
  }

  private static boolean signatureSide(byte id) {
    return id == (byte) JpkiConstants.EF_SIGN_CERT || id == (byte) JpkiConstants.EF_SIGN_CA_CERT;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Receives the whole command data into the APDU buffer at {@code getOffsetCdata()}.
   *
   * @return Lc (0 for a command without data)
   */
  private static short receiveAll(APDU apdu) {
    short got = apdu.setIncomingAndReceive();
    short off = apdu.getOffsetCdata();
    short total = apdu.getIncomingLength();
    if (total < 0) {
      ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
    }
    short have = got;
    while (have < total) {
      // throws APDUException (answered 6700) if the data does not fit the APDU buffer
      got = apdu.receiveBytes((short) (off + have));
      if (got <= 0) {
        ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
      }
      have = (short) (have + got);
    }
    return total;
  }
}
