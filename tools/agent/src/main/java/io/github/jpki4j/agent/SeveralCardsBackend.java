package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.PcscReaders;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.jpki.CardLocator;
import io.github.jpki4j.jpki.CardSelector;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.ssh.Bytes;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.Identity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The agent over every My Number Card present, for an agent told no card: each PC/SC reader with a
 * card gets its own {@link CardWorker} and {@link JpkiAgentBackend} (so its own PIN state and
 * prompt), made when the reader first holds a card. {@code ssh-add -L} lists the key of every card
 * present; with several, each comment names its reader, and so does each PIN prompt. A signature is
 * made by the card holding the key asked for; a card pulled out leaves the others served. With one
 * card present the agent answers as the single-card agent does.
 */
public final class SeveralCardsBackend implements AgentBackend, AutoCloseable {
  private final CardSettings settings;
  private final PcscReaders pcsc;
  private final PinSource pins;
  private final boolean allowSha1;
  private final Consumer<String> warn;
  private final Consumer<String> debug;
  private final Duration cardWait;
  private final Map<String, Reader> readers = new LinkedHashMap<>();
  // Which reader's card offered a key at the last listing.
  private final Map<Bytes, String> holders = new ConcurrentHashMap<>();
  private volatile boolean several;
  private final AtomicBoolean pcscGone = new AtomicBoolean();

  /** One reader's agent: its card thread and its PIN state. */
  private record Reader(
      CardLocator.Attachment attachment, CardWorker worker, JpkiAgentBackend agent) {}

  /**
   * The agent over the system's PC/SC readers.
   *
   * @param settings the agent's settings (which name no card); each reader's agent connects to that
   *     reader by its name
   * @param cardWait how long a reader's agent waits for its card
   */
  public SeveralCardsBackend(
      CardSettings settings,
      PinSource pins,
      boolean allowSha1,
      Duration cardWait,
      Consumer<String> warn,
      Consumer<String> debug) {
    this(settings, new PcscContext(), pins, allowSha1, cardWait, warn, debug);
  }

  SeveralCardsBackend(
      CardSettings settings,
      PcscReaders pcsc,
      PinSource pins,
      boolean allowSha1,
      Duration cardWait,
      Consumer<String> warn,
      Consumer<String> debug) {
    this.settings = settings;
    this.pcsc = pcsc;
    this.pins = pins;
    this.allowSha1 = allowSha1;
    this.cardWait = cardWait;
    this.warn = warn;
    this.debug = debug;
  }

  @Override
  public List<Identity> identities() throws AgentRefusedException {
    List<String> names = readersWithCard();
    several = names.size() > 1;
    List<Identity> all = new ArrayList<>();
    for (String name : names) {
      Reader r = reader(name);
      if (r == null) {
        continue;
      }
      for (Identity id : r.agent().identities()) {
        holders.put(id.keyBlob(), name);
        all.add(several ? new Identity(id.keyBlob(), id.comment() + " (reader " + name + ")") : id);
      }
    }
    return all;
  }

  @Override
  public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
    Bytes key = Bytes.of(keyBlob);
    String name = holders.get(key);
    if (name == null) {
      identities();
      name = holders.get(key);
    }
    Reader r = name == null ? null : reader(name);
    if (r == null) {
      throw new AgentRefusedException("no card present holds the key asked for");
    }
    return r.agent().sign(keyBlob, data, flags);
  }

  @Override
  public void removeAll() throws AgentRefusedException {
    List<Reader> all;
    synchronized (readers) {
      all = List.copyOf(readers.values());
    }
    for (Reader r : all) {
      r.agent().removeAll();
    }
  }

  @Override
  public void lock(byte[] passphrase) throws AgentRefusedException {
    JpkiAgentBackend.refuseLock(passphrase);
  }

  @Override
  public void unlock(byte[] passphrase) throws AgentRefusedException {
    JpkiAgentBackend.refuseUnlock(passphrase);
  }

  /** Releases every card (with a reset) and stops their threads. */
  @Override
  public void close() {
    synchronized (readers) {
      for (Reader r : readers.values()) {
        r.worker().close();
        r.attachment().close();
      }
      readers.clear();
    }
  }

  private List<String> readersWithCard() {
    List<String> names = new ArrayList<>();
    try {
      pcsc.choose(
          false,
          list -> {
            for (CardReaders.Reader r : list.list()) {
              if (r.cardPresent()) {
                names.add(r.name());
              }
            }
            return null;
          });
      if (pcscGone.compareAndSet(true, false)) {
        warn.accept(JpkiAgentBackend.PCSC_BACK);
      }
    } catch (PcscUnavailableException e) {
      if (pcscGone.compareAndSet(false, true)) {
        warn.accept(JpkiAgentBackend.pcscGone(e));
      }
    } catch (IOException | RuntimeException e) {
      debug.accept("no key to offer: " + e.getMessage());
    }
    return names;
  }

  private Reader reader(String name) {
    synchronized (readers) {
      Reader r = readers.get(name);
      if (r != null) {
        return r;
      }
      try {
        CardLocator.Attachment attachment =
            new CardLocator(settings.withCard(new CardSelector.Reader(name)), new PcscContext())
                .attach();
        ReadMode mode = settings.readMode();
        CardWorker worker =
            new CardWorker(
                CardSource.of(attachment, cardWait), mode, debug, CardWorker.DEFAULT_TIMEOUT);
        PinSource named =
            request ->
                pins.readPin(
                    several
                        ? new PinRequest(
                            request.title(),
                            "The card in reader "
                                + name
                                + (request.description() == null
                                    ? ""
                                    : ". " + request.description()),
                            request.prompt(),
                            request.error())
                        : request);
        r =
            new Reader(
                attachment, worker, new JpkiAgentBackend(worker, named, allowSha1, warn, debug));
        readers.put(name, r);
        return r;
      } catch (IOException e) {
        debug.accept("reader " + name + ": " + e.getMessage());
        return null;
      }
    }
  }
}
