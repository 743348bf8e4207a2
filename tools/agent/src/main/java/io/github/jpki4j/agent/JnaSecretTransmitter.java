package io.github.jpki4j.agent;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.github.jpki4j.apdu.PcscErrors;
import io.github.jpki4j.apdu.PcscLibrary;
import io.github.jpki4j.apdu.SecretTransmitter;
import java.lang.reflect.Field;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import jnasmartcardio.Smartcardio;

/**
 * Sends a secret command (VERIFY's PIN) on a jnasmartcardio card straight to pcsc-lite's {@code
 * SCardTransmit}, from native memory that is zeroed before it is freed, the response's too.
 * jnasmartcardio's own {@code transmit} first copies the command into a Java array, which nobody
 * can wipe.
 *
 * <p>Its card keeps the PC/SC handle and protocol in private fields, read here by reflection (it is
 * on the class path, not a named module). The direct way is taken on Linux only, where pcsc-lite's
 * {@code DWORD} and {@code SCARDHANDLE} are C {@code long}s; elsewhere, for another provider's
 * card, or when the fields or the function cannot be had, the command goes through {@link
 * SecretTransmitter#CHANNEL}, which leaves jnasmartcardio's one copy.
 *
 * <p>Like jnasmartcardio on the basic channel, the command goes as it is; a secret command is never
 * resent ({@code 6Cxx}) nor followed by GET RESPONSE ({@code 61xx}): VERIFY answers neither.
 */
final class JnaSecretTransmitter implements SecretTransmitter {
  static final JnaSecretTransmitter INSTANCE = new JnaSecretTransmitter();

  private static final Field HANDLE = field("scardHandle");
  private static final Field PROTOCOL = field("protocol");

  private Function transmit; // SCardTransmit, looked up on first use; guarded by this
  private boolean looked;

  private JnaSecretTransmitter() {}

  @Override
  public int transmit(Card card, byte[] command, byte[] response) throws CardException {
    Function f = card instanceof Smartcardio.JnaCard ? function() : null;
    if (f == null) {
      return CHANNEL.transmit(card, command, response);
    }
    long handle;
    int protocol;
    try {
      handle = ((Number) HANDLE.get(card)).longValue();
      protocol = PROTOCOL.getInt(card);
    } catch (IllegalAccessException | RuntimeException e) {
      return CHANNEL.transmit(card, command, response);
    }
    int word = NativeLong.SIZE;
    try (Memory pci = new Memory(2L * word);
        Memory send = new Memory(command.length);
        Memory receive = new Memory(response.length);
        Memory length = new Memory(word)) {
      try {
        pci.setNativeLong(0, new NativeLong(protocol));
        pci.setNativeLong(word, new NativeLong(2L * word));
        send.write(0, command, 0, command.length);
        length.setNativeLong(0, new NativeLong(response.length));
        NativeLong rv =
            (NativeLong)
                f.invoke(
                    NativeLong.class,
                    new Object[] {
                      new NativeLong(handle),
                      pci,
                      send,
                      new NativeLong(command.length),
                      Pointer.NULL,
                      receive,
                      length
                    });
        if (rv.longValue() != 0) {
          throw new CardException(PcscErrors.describe("SCardTransmit", rv.intValue()));
        }
        long n = length.getNativeLong(0).longValue();
        if (n < 0 || n > response.length) {
          throw new CardException("SCardTransmit returned " + n + " bytes");
        }
        receive.read(0, response, 0, (int) n);
        return (int) n;
      } finally {
        send.clear();
        receive.clear();
      }
    }
  }

  private synchronized Function function() {
    if (!looked) {
      looked = true;
      if (HANDLE != null
          && PROTOCOL != null
          && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
        try {
          String lib = PcscLibrary.configure().orElse("libpcsclite.so.1");
          transmit = NativeLibrary.getInstance(lib).getFunction("SCardTransmit");
        } catch (LinkageError | RuntimeException e) {
          transmit = null; // the channel's way
        }
      }
    }
    return transmit;
  }

  private static Field field(String name) {
    try {
      Field f = Smartcardio.JnaCard.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // another jnasmartcardio: the channel's way
    }
  }
}
