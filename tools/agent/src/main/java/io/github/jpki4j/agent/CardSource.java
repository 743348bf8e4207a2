package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.NoCardException;
import io.github.jpki4j.apdu.NoReaderException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import javax.smartcardio.CardTerminal;

/**
 * Where the agent's card comes from: each {@link #connect()} is a fresh connection to whatever card
 * is in the reader now. The {@link CardWorker} calls it after a card was removed, reset or swapped,
 * and after {@code ssh-add -D}.
 */
public interface CardSource {

  /**
   * Connects to the card present now.
   *
   * @return a new connection, owned by the caller
   * @throws NoCardException if the reader holds no card
   * @throws NoReaderException if there is no (such) reader
   * @throws PcscUnavailableException if PC/SC cannot be used at all
   * @throws TransportException if the reader failed
   * @throws IOException for any other failure to connect
   */
  ApduTransport connect() throws IOException;

  /**
   * Whether the card of a connection made by {@link #connect()} is in its reader, asked of PC/SC
   * without sending the card anything. A failure to find out counts as "not present". The default
   * says yes and leaves it to the next command to find out.
   */
  default boolean present(ApduTransport connection) {
    return true;
  }

  /**
   * Ends a connection made by {@link #connect()}. With {@code reset}, the card is reset as well
   * where the source can do it, so that it forgets a verified PIN (PC/SC's {@code
   * SCARD_RESET_CARD}); otherwise it is left powered, as other programs expect. The default just
   * closes the transport. Never throws.
   */
  default void release(ApduTransport transport, boolean reset) {
    transport.close();
  }

  /**
   * The card in one {@code javax.smartcardio} terminal, e.g. a simulated card's ({@code
   * VirtualCard.terminal()}). Releasing with reset disconnects with {@code disconnect(true)}.
   *
   * @param wait how long {@link #connect()} waits for a card to arrive; zero does not wait
   */
  static CardSource of(CardTerminal terminal, Duration wait) {
    Objects.requireNonNull(terminal, "terminal");
    return new TerminalCardSource(apart -> terminal, wait);
  }

  /**
   * The card that {@code settings} name, for the agent ({@link CardLocator#attach()}): the
   * simulated card is opened now and held until the attachment is closed; a PC/SC reader is chosen
   * afresh at every connect (readers come and go) the way {@code --reader} chooses, through a PC/SC
   * context that is established again when the service went away and came back ({@link
   * PcscContext}), so a restarted pcscd needs no restart of the agent.
   *
   * @throws IOException if the simulated card cannot be opened
   */
  static CardLocator.Attachment attach(CardSettings settings) throws IOException {
    return new CardLocator(settings, new PcscContext()).attach();
  }

  /**
   * Connections to the card of an attachment.
   *
   * @param readerWait how long {@link #connect()} waits for a card to arrive in a PC/SC reader (the
   *     simulated card is never waited for)
   */
  static CardSource of(CardLocator.Attachment attachment, Duration readerWait) {
    Objects.requireNonNull(attachment, "attachment");
    return new TerminalCardSource(attachment::terminal, attachment.cardWait(readerWait));
  }
}
