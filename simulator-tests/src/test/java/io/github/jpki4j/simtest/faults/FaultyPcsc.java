package io.github.jpki4j.simtest.faults;

import io.github.jpki4j.apdu.CardRemovedException;
import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.apdu.SmartcardioTransport;
import io.github.jpki4j.apdu.TransmitFailedException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.sim.VirtualCard;
import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactorySpi;

/**
 * The seam that lets a test put a {@link FaultInjectingTransport} under the {@code jpki} command
 * run in process, without touching the command's code: a JCA provider offering {@code
 * TerminalFactory.PC/SC}, put first in the provider list, so that {@code
 * TerminalFactory.getInstance("PC/SC", null)} (what {@code jpki --reader 0} uses) lists one reader
 * holding a simulated card, every APDU of which passes through a fault injector.
 *
 * <p>Faults travel up as PC/SC would raise them: a {@link CardException} naming the {@code SCARD_*}
 * code, or the JDK's {@link IllegalArgumentException} for an answer shorter than a status word; so
 * the command's own {@link SmartcardioTransport} translates them, as it does on a real reader.
 */
public final class FaultyPcsc implements AutoCloseable {
  /** The one reader's name. */
  public static final String READER = "jpki4j Faulty Reader 00 00";

  private static final String NAME = "JPKI4J-FAULTY-PCSC";

  private static volatile VirtualCard card;
  private static volatile FaultPlan plan;

  private FaultyPcsc() {}

  /**
   * Puts the provider first until {@link #close()}: PC/SC in this JVM is now {@code card} behind
   * {@code plan}.
   */
  public static FaultyPcsc install(VirtualCard card, FaultPlan plan) {
    FaultyPcsc.card = card;
    FaultyPcsc.plan = plan;
    Provider p =
        new Provider(NAME, "1.0", "PC/SC with injected faults, for tests") {
          private static final long serialVersionUID = 1L;
        };
    p.put("TerminalFactory.PC/SC", Spi.class.getName());
    Security.removeProvider(NAME);
    if (Security.insertProviderAt(p, 1) != 1) {
      throw new IllegalStateException("could not put the test PC/SC provider first");
    }
    return new FaultyPcsc();
  }

  @Override
  public void close() {
    Security.removeProvider(NAME);
    card = null;
    plan = null;
  }

  /** Made by the JCA for {@code TerminalFactory.getInstance("PC/SC", ...)}. */
  public static final class Spi extends TerminalFactorySpi {
    public Spi(Object parameter) {}

    @Override
    protected CardTerminals engineTerminals() {
      VirtualCard c = card;
      FaultPlan p = plan;
      if (c == null || p == null) {
        throw new IllegalStateException("FaultyPcsc is not installed");
      }
      return new Terminals(c, p);
    }
  }

  private static final class Terminals extends CardTerminals {
    private final VirtualCard card;
    private final Terminal terminal;

    Terminals(VirtualCard card, FaultPlan plan) {
      this.card = card;
      this.terminal = new Terminal(card, plan);
    }

    @Override
    public List<CardTerminal> list(State state) throws CardException {
      return switch (state) {
        case ALL -> List.of(terminal);
        case CARD_PRESENT, CARD_INSERTION -> card.isCardPresent() ? List.of(terminal) : List.of();
        case CARD_ABSENT, CARD_REMOVAL -> card.isCardPresent() ? List.of() : List.of(terminal);
      };
    }

    @Override
    public boolean waitForChange(long timeout) throws CardException {
      return card.terminals().waitForChange(timeout);
    }
  }

  private static final class Terminal extends CardTerminal {
    private final VirtualCard card;
    private final FaultPlan plan;

    Terminal(VirtualCard card, FaultPlan plan) {
      this.card = card;
      this.plan = plan;
    }

    @Override
    public String getName() {
      return READER;
    }

    @Override
    public Card connect(String protocol) throws CardException {
      return new FaultyCard(card.terminal().connect(protocol), plan);
    }

    @Override
    public boolean isCardPresent() throws CardException {
      return card.terminal().isCardPresent();
    }

    @Override
    public boolean waitForCardPresent(long timeout) throws CardException {
      return card.terminal().waitForCardPresent(timeout);
    }

    @Override
    public boolean waitForCardAbsent(long timeout) throws CardException {
      return card.terminal().waitForCardAbsent(timeout);
    }
  }

  private static final class FaultyCard extends Card {
    private final Card inner;
    private final FaultInjectingTransport transport;
    private final CardChannel channel;

    FaultyCard(Card inner, FaultPlan plan) {
      this.inner = inner;
      this.transport = new FaultInjectingTransport(new SmartcardioTransport(inner), plan);
      this.channel = new Channel(this);
    }

    @Override
    public ATR getATR() {
      return inner.getATR();
    }

    @Override
    public String getProtocol() {
      return inner.getProtocol();
    }

    @Override
    public CardChannel getBasicChannel() {
      return channel;
    }

    @Override
    public CardChannel openLogicalChannel() throws CardException {
      return inner.openLogicalChannel();
    }

    @Override
    public void beginExclusive() throws CardException {
      inner.beginExclusive();
    }

    @Override
    public void endExclusive() throws CardException {
      inner.endExclusive();
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
      return inner.transmitControlCommand(controlCode, command);
    }

    @Override
    public void disconnect(boolean reset) throws CardException {
      inner.disconnect(reset);
    }

    ResponseAPDU transmit(CommandAPDU command) throws CardException {
      try {
        return transport.transmit(command);
      } catch (TransmitFailedException e) {
        if (e.getCause() instanceof IllegalArgumentException iae) {
          throw new IllegalArgumentException(iae.getMessage(), e); // the JDK's short answer
        }
        throw pcsc(e, "SCARD_E_NOT_TRANSACTED");
      } catch (CardRemovedException e) {
        throw pcsc(e, "SCARD_W_REMOVED_CARD");
      } catch (PcscUnavailableException e) {
        throw pcsc(e, "SCARD_E_NO_SERVICE");
      } catch (NoReaderException e) {
        throw pcsc(e, "SCARD_E_READER_UNAVAILABLE");
      } catch (TransportException e) {
        throw pcsc(e, "SCARD_F_COMM_ERROR");
      }
    }

    private static CardException pcsc(Exception e, String code) {
      return new CardException("transmit() failed", new Exception(code, e));
    }
  }

  private static final class Channel extends CardChannel {
    private final FaultyCard card;

    Channel(FaultyCard card) {
      this.card = card;
    }

    @Override
    public Card getCard() {
      return card;
    }

    @Override
    public int getChannelNumber() {
      return 0;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardException {
      return card.transmit(command);
    }

    @Override
    public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
      byte[] bytes = new byte[command.remaining()];
      command.get(bytes);
      byte[] answer = card.transmit(new CommandAPDU(bytes)).getBytes();
      response.put(answer);
      return answer.length;
    }

    @Override
    public void close() {
      throw new IllegalStateException("Cannot close basic logical channel");
    }
  }
}
