package io.github.jpki4j.agent;

import io.github.jpki4j.apdu.CardReaders;
import io.github.jpki4j.apdu.PcscErrors;
import io.github.jpki4j.apdu.PcscLibrary;
import io.github.jpki4j.apdu.PcscReaders;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.apdu.TransportException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * The system's PC/SC for a process that runs for days: a PC/SC context that is established again
 * when the service (pcscd) went away and came back, as on a package upgrade, a crash, or {@code
 * --auto-exit} under systemd.
 *
 * <p>The JDK's provider cannot do that: {@code sun.security.smartcardio.PCSCTerminals} keeps one
 * context in a static field, established once per JVM and never again, and caches its terminals
 * with it; after pcscd restarts every call on it fails, so the agent saw "no identities" until it
 * was restarted. jnasmartcardio ({@code io.github.jnasmartcardio}, over JNA) establishes a context
 * per {@code terminals()} call. This class keeps one such context while it works, and on any
 * failure to find the reader through it (or an empty list, which a stale context may give)
 * establishes a fresh one once and tries again; a service that is still down fails at once, so
 * every later request tries again and the first one after the service is back succeeds.
 *
 * <p>Where JNA cannot be loaded, the JDK's provider is used as before (no recovery). The CLI never
 * comes here: one command is one short process, and it keeps the JDK's provider, which loads
 * nothing more.
 */
final class PcscContext implements PcscReaders {
  /** {@code -Djpki.pcsc=jdk} keeps the agent on the JDK's provider (no recovery). */
  static final String PROVIDER_PROPERTY = "jpki.pcsc";

  private CardTerminals terminals; // guarded by this
  private TerminalFactory jna; // null when JNA could not be loaded; guarded by this
  private boolean jnaTried; // guarded by this

  /**
   * Runs the locator's choice of reader over a working context.
   *
   * @param apart a connection made through the current context is stuck in a call (its card thread
   *     was abandoned): pcsc-lite serializes the calls of one context, so this one gets a context
   *     of its own, and the old one is left to the stuck connection (closing it would block behind
   *     the stuck call too)
   */
  @Override
  public synchronized CardTerminal choose(boolean apart, ReaderChoice choice)
      throws TransportException {
    if (apart && jna != null) {
      terminals = null; // not closed: the stuck connection still uses it
    }
    if (factory() == null) {
      try {
        return choice.from(CardReaders.of(CardReaders.pcscTerminals()));
      } catch (PcscUnavailableException e) {
        throw new PcscUnavailableException(
            e.getMessage()
                + "; the JDK's PC/SC provider cannot"
                + " reconnect to a restarted service: restart the agent once it is back",
            e);
      }
    }
    if (terminals != null) {
      try {
        return choice.from(CardReaders.of(terminals));
      } catch (TransportException | RuntimeException e) {
        drop(); // the service may have restarted under the context: establish a new one
      }
    }
    terminals = establish();
    try {
      return choice.from(CardReaders.of(terminals));
    } catch (TransportException | RuntimeException e) {
      if (PcscErrors.kind(e) == PcscErrors.Kind.NO_SERVICE) {
        drop();
      }
      throw e;
    }
  }

  /** Whether connections come from the JNA provider (and so survive a pcscd restart). */
  synchronized boolean reestablishes() {
    return factory() != null;
  }

  private CardTerminals establish() throws TransportException {
    try {
      return factory().terminals();
    } catch (RuntimeException e) { // jnasmartcardio's EstablishContextException
      throw unavailable(e);
    }
  }

  private static PcscUnavailableException unavailable(Throwable e) {
    if (PcscErrors.kind(e) == PcscErrors.Kind.NO_SERVICE) {
      return new PcscUnavailableException(
          "the PC/SC service is not running (start pcscd," + " e.g. 'sudo systemctl start pcscd')",
          e);
    }
    return new PcscUnavailableException("PC/SC cannot be used (" + e.getMessage() + ")", e);
  }

  private TerminalFactory factory() {
    if (!jnaTried) {
      jnaTried = true;
      jna = loadJna();
    }
    return jna;
  }

  private static TerminalFactory loadJna() {
    if ("jdk".equals(System.getProperty(PROVIDER_PROPERTY))) {
      return null; // asked for the JDK's provider (e.g. to compare, or if JNA misbehaves)
    }
    // Let JNA find the library where PcscLibrary found it (multiarch folders, a user's path).
    Optional<String> lib = PcscLibrary.configure();
    if (lib.isPresent() && System.getProperty("jna.library.path") == null) {
      Path dir = Path.of(lib.get()).getParent();
      if (dir != null) {
        System.setProperty("jna.library.path", dir.toString());
      }
    }
    try {
      return TerminalFactory.getInstance("PC/SC", null, new jnasmartcardio.Smartcardio());
    } catch (NoSuchAlgorithmException | LinkageError | RuntimeException e) {
      return null; // no JNA for this platform, or no libpcsclite it can load
    }
  }

  private void drop() {
    CardTerminals old = terminals;
    terminals = null;
    if (jna != null && old instanceof jnasmartcardio.Smartcardio.JnaCardTerminals j) {
      try {
        j.close(); // releases the context (and the handles of a dead service with it)
      } catch (Exception | LinkageError e) {
        // the service is gone: so is the context
      }
    }
  }
}
