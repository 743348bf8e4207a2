package io.github.jpki4j.pcsc;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.github.jpki4j.apdu.PcscErrors;
import io.github.jpki4j.apdu.PcscLibrary;
import javax.smartcardio.CardException;

/**
 * pcsc-lite's {@code SCardTransmit} through JNA, from native memory that is zeroed before it is
 * freed, the response's too. Linux only: there pcsc-lite's {@code DWORD} and {@code SCARDHANDLE}
 * are C {@code long}s ({@link NativeLong}).
 *
 * <p>The library is the one {@link PcscLibrary#configure()} names, the path the JDK's provider
 * loads, else {@code libpcsclite.so.1}, the name jnasmartcardio loads: the dynamic linker gives the
 * instance already loaded, so the handle belongs to the library called. This class is loaded only
 * when a secret command is sent to a card whose handle was read; a JVM without JNA fails to load it
 * ({@link LinkageError}), which the caller takes as "not available".
 */
final class NativeTransmit {
  private static final String LIBRARY = "libpcsclite.so.1";

  private final Function transmit;

  private NativeTransmit(Function transmit) {
    this.transmit = transmit;
  }

  /** Looks {@code SCardTransmit} up. */
  static NativeTransmit load() {
    String lib = PcscLibrary.configure().orElse(LIBRARY);
    return new NativeTransmit(NativeLibrary.getInstance(lib).getFunction("SCardTransmit"));
  }

  /**
   * Sends {@code command} on {@code card} and copies the answer, status word last, into {@code
   * response}. The command is sent as it is: no GET RESPONSE ({@code 61xx}) nor resend ({@code
   * 6Cxx}), which VERIFY never asks for.
   *
   * @return the answer's length
   * @throws CardException with pcsc-lite's error named as {@link PcscErrors} does
   */
  int send(CardHandle card, byte[] command, byte[] response) throws CardException {
    int word = NativeLong.SIZE;
    try (Memory pci = new Memory(2L * word);
        Memory send = new Memory(command.length);
        Memory receive = new Memory(response.length);
        Memory length = new Memory(word)) {
      try {
        pci.setNativeLong(0, new NativeLong(card.protocol()));
        pci.setNativeLong(word, new NativeLong(2L * word));
        send.write(0, command, 0, command.length);
        length.setNativeLong(0, new NativeLong(response.length));
        NativeLong rv =
            (NativeLong)
                transmit.invoke(
                    NativeLong.class,
                    new Object[] {
                      new NativeLong(card.handle()),
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
}
