package io.github.jpki4j.agent;

import io.github.jpki4j.agent.CardWorker.CardSession;
import io.github.jpki4j.apdu.CardCommandException;
import io.github.jpki4j.apdu.PcscUnavailableException;
import io.github.jpki4j.jpki.CardChoiceException;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.LastTryRefusedException;
import io.github.jpki4j.jpki.NotJpkiCardException;
import io.github.jpki4j.jpki.PinBlockedException;
import io.github.jpki4j.jpki.PinException;
import io.github.jpki4j.jpki.PinFormatException;
import io.github.jpki4j.jpki.PinPolicy;
import io.github.jpki4j.jpki.PinPrompt;
import io.github.jpki4j.jpki.PinRequiredException;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.jpki.WrongPinException;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The agent's policy over the card's auth key.
 *
 * <ul>
 *   <li>{@link #identities()}: the auth key, with the comment {@code jpki ssh-key} gives it; no
 *       card (or no reader, no PC/SC, not a My Number Card) is an empty list, not a failure.
 *   <li>{@link #sign}: only for the auth key of the card present now; {@code rsa-sha2-512} or
 *       {@code rsa-sha2-256} as the flags ask; SHA-1 {@code ssh-rsa} is refused unless allowed. The
 *       driver checks every signature against the certificate's key before it is returned.
 *   <li>{@link #removeAll()} ({@code ssh-add -D}): releases the card with a reset and forgets the
 *       cached key; the agent asks for the PIN again before the next signature, whatever the card
 *       keeps across the reset; answers success.
 *   <li>{@code ssh-add -x}/{@code -X} (lock, unlock) and {@code ssh-add -d} are refused: the agent
 *       keeps no secret that a lock would protect (the PIN is never stored; the card holds the
 *       verified state), and {@code ssh-add -D} already gives the "forget the PIN" meaning.
 * </ul>
 *
 * <p>The PIN rules. The auth PIN is verified once per card insertion. Before signing, when the
 * agent has not verified the PIN in this insertion, or when the card answers "security status not
 * satisfied" ({@code 6982}), the agent reads the retry counter (free), and the driver's {@link
 * PinPolicy} refuses a blocked PIN and a PIN with one try left (the agent never spends it) with the
 * reason and the advice on its log. Otherwise it asks once through the {@link PinSource}, with the
 * policy's {@link PinPrompt} ("2 of 3 tries left"), and verifies once. A wrong PIN refuses that
 * request, and the next prompt shows "Wrong PIN: 2 tries left". A cancelled prompt refuses the
 * request. Nothing is ever retried automatically. The prompt runs on the caller's thread between
 * two card tasks, with the card released; one prompt at a time (a request that waited for another's
 * prompt first checks whether that one verified the PIN). The PIN is wiped as soon as the card has
 * seen it.
 *
 * <p>Thread-safe: connection threads call it concurrently.
 */
public final class JpkiAgentBackend implements AgentBackend {
  private final CardWorker worker;
  private final PinSource pins;
  private final boolean allowSha1;
  private final Consumer<String> warn;
  private final Consumer<String> debug;
  private final Object promptLock = new Object();
  // What went wrong at the last prompt, for the next prompt of the same key.
  private final AtomicReference<PromptError> lastError = new AtomicReference<>();
  private final AtomicBoolean pcscGone = new AtomicBoolean();

  /**
   * The driver's policy for the agent: one try left is never spent; the advice says how to spend it
   * anyway, from the CLI, once the agent let go of the card.
   */
  static final PinPolicy POLICY =
      PinPolicy.neverSpendingLastTry(
          "the jpki SSH agent",
          "if you are sure of the PIN, release the card with ssh-add -D and run 'jpki pin"
              + " verify auth --allow-last-try': a right PIN resets the counter to "
              + JpkiPin.AUTH.maxTries());

  // ArrayRecordComponent: private, never compared (keyBlob is compared with Arrays.equals)
  @SuppressWarnings("ArrayRecordComponent")
  private record PromptError(PinException failure, byte[] keyBlob) {}

  /**
   * A backend over a card worker.
   *
   * @param worker the card thread
   * @param pins how to ask for the auth PIN
   * @param allowSha1 whether to sign SHA-1 {@code ssh-rsa} requests (flags 0)
   * @param warn always shown: refused PINs and why, card failures (never a PIN, never data)
   * @param debug shown with {@code -v}: why there is no key to list
   */
  public JpkiAgentBackend(
      CardWorker worker,
      PinSource pins,
      boolean allowSha1,
      Consumer<String> warn,
      Consumer<String> debug) {
    this.worker = Objects.requireNonNull(worker, "worker");
    this.pins = Objects.requireNonNull(pins, "pins");
    this.allowSha1 = allowSha1;
    this.warn = Objects.requireNonNull(warn, "warn");
    this.debug = Objects.requireNonNull(debug, "debug");
  }

  @Override
  public List<Identity> identities() throws AgentRefusedException {
    try {
      List<Identity> ids = worker.call(s -> List.of(Identity.of(s.authKey(), s.comment())));
      served();
      return ids;
    } catch (IOException | NotJpkiCardException e) {
      if (e instanceof CardChoiceException) {
        warn.accept("no key to offer: " + e.getMessage()); // the user must choose: always said
      } else {
        pcscLost(e);
        debug.accept("no key to offer: " + e.getMessage());
      }
      return List.of();
    } catch (CardCommandException e) {
      warn.accept("could not read the auth certificate: " + e.getMessage());
      throw new AgentRefusedException("could not read the auth certificate", e);
    }
  }

  @Override
  public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
    SshSignatureAlgorithm algorithm = SshSignatureAlgorithm.forAgentFlags(flags);
    if (algorithm == SshSignatureAlgorithm.SSH_RSA && !allowSha1) {
      throw new AgentRefusedException(
          "ssh-rsa (SHA-1) signatures are refused; the client should"
              + " ask for rsa-sha2-256/512 (or start the agent with --allow-sha1)");
    }
    Attempt first = attempt(keyBlob, algorithm, data);
    if (first.signature != null) {
      return first.signature;
    }
    synchronized (promptLock) {
      // Another request may have asked for the PIN while this one waited for the lock.
      Attempt again = attempt(keyBlob, algorithm, data);
      if (again.signature != null) {
        return again.signature;
      }
      return askVerifySign(again, keyBlob, algorithm, data);
    }
  }

  @Override
  public void removeAll() throws AgentRefusedException {
    lastError.set(null);
    try {
      worker.release();
    } catch (IOException e) {
      throw new AgentRefusedException("could not release the card: " + e.getMessage(), e);
    }
    warn.accept(FORGOT_PIN);
  }

  /**
   * What {@code ssh-add -D} did, and what it cannot do: some cards keep the verified state across
   * the reset (docs/card-protocol.md §11), and the agent cannot tell.
   */
  static final String FORGOT_PIN =
      "released the card (ssh-add -D): the agent will ask for the"
          + " PIN again before the next signature; only removing the card clears the card's own"
          + " verified state (some cards keep it across a reset)";

  @Override
  public void lock(byte[] passphrase) throws AgentRefusedException {
    refuseLock(passphrase);
  }

  @Override
  public void unlock(byte[] passphrase) throws AgentRefusedException {
    refuseUnlock(passphrase);
  }

  /** {@code ssh-add -x}: refused, the passphrase wiped (for every card's agent). */
  static void refuseLock(byte[] passphrase) throws AgentRefusedException {
    Arrays.fill(passphrase, (byte) 0);
    throw new AgentRefusedException(
        "locking is not supported: the card's PIN is the lock;"
            + " ssh-add -D makes the card forget it");
  }

  /** {@code ssh-add -X}: refused, the passphrase wiped. */
  static void refuseUnlock(byte[] passphrase) throws AgentRefusedException {
    Arrays.fill(passphrase, (byte) 0);
    throw new AgentRefusedException("unlocking is not supported: the agent is never locked");
  }

  // The outcome of one card task: a signature, or the PIN counter to ask with.
  // ArrayRecordComponent: private, never compared; the signature is handed on as it is
  @SuppressWarnings("ArrayRecordComponent")
  private record Attempt(byte[] signature, PinStatus status, long insertion) {}

  /**
   * Signs when the agent verified the PIN in this insertion (SELECT key + sign: 2 APDUs), else
   * reads the counter to ask with. A card that lost the verified state even after the worker's
   * re-selection ({@code 6982} twice) is asked for the PIN again, once.
   */
  private Attempt attempt(byte[] keyBlob, SshSignatureAlgorithm algorithm, byte[] data)
      throws AgentRefusedException {
    try {
      return card(
          s -> {
            requireAuthKey(s, keyBlob);
            if (s.pinVerified()) {
              return new Attempt(signNow(s, algorithm, data), null, s.insertion());
            }
            return new Attempt(null, s.card().pinStatus(JpkiPin.AUTH), s.insertion());
          });
    } catch (PinRequiredException e) {
      warn.accept("the card no longer has the auth PIN verified; asking for it again");
      try {
        return card(
            s -> {
              requireAuthKey(s, keyBlob);
              s.pinVerified(false);
              return new Attempt(null, s.card().pinStatus(JpkiPin.AUTH), s.insertion());
            });
      } catch (PinRequiredException again) {
        throw new AgentRefusedException(again.getMessage(), again); // not thrown by that task
      }
    }
  }

  private byte[] askVerifySign(
      Attempt attempt, byte[] keyBlob, SshSignatureAlgorithm algorithm, byte[] data)
      throws AgentRefusedException {
    PinPrompt prompt;
    try {
      prompt = POLICY.promptFor(attempt.status);
    } catch (PinBlockedException e) {
      warn.accept(e.getMessage());
      throw new AgentRefusedException(e.summary(), e);
    } catch (LastTryRefusedException e) {
      warn.accept(e.getMessage());
      throw new AgentRefusedException(e.summary(), e);
    }
    PromptError previous = lastError.get();
    if (previous != null && Arrays.equals(keyBlob, previous.keyBlob)) {
      prompt = prompt.afterFailure(previous.failure);
    }
    char[] pin;
    try {
      pin = pins.readPin(PinRequest.labelled(prompt));
    } catch (PinEntryException e) {
      if (e.cancelled()) {
        warn.accept("PIN entry cancelled; the request was refused");
      } else {
        warn.accept("could not ask for the PIN: " + e.getMessage());
      }
      throw new AgentRefusedException("no PIN", e);
    }
    try {
      byte[] signature =
          worker.callOnce(
              s -> {
                if (s.insertion() != attempt.insertion) {
                  throw new AgentRefusedException(
                      "the card changed while the PIN was asked for;" + " the PIN was not sent");
                }
                requireAuthKey(s, keyBlob);
                s.card().verifyPin(JpkiPin.AUTH, pin, POLICY);
                s.pinVerified(true);
                return signNow(s, algorithm, data);
              });
      lastError.set(null);
      return signature;
    } catch (WrongPinException e) {
      lastError.set(new PromptError(e, keyBlob.clone()));
      warn.accept(
          "wrong auth PIN: " + PinStatus.triesLeft(e.triesLeft()) + "; the request was refused");
      throw new AgentRefusedException("wrong PIN", e);
    } catch (PinFormatException e) {
      lastError.set(new PromptError(e, keyBlob.clone()));
      warn.accept(e.getMessage());
      throw new AgentRefusedException("malformed PIN", e);
    } catch (PinBlockedException | LastTryRefusedException e) {
      // The counter changed between the prompt and the VERIFY (another program used the card).
      warn.accept(e.getMessage());
      throw new AgentRefusedException(e.getMessage(), e);
    } catch (IOException | CardCommandException e) {
      warn.accept("signing failed: " + e.getMessage());
      throw new AgentRefusedException("signing failed: " + e.getMessage(), e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  private static byte[] signNow(CardSession s, SshSignatureAlgorithm algorithm, byte[] data)
      throws IOException, CardCommandException {
    return CardSshKeys.sign(s.card(), JpkiKey.AUTH, algorithm, data).blob();
  }

  private static void requireAuthKey(CardSession s, byte[] keyBlob) throws AgentRefusedException {
    if (!Arrays.equals(s.authKey().blob(), keyBlob)) {
      throw new AgentRefusedException(
          "the key asked for is not the auth key of the card in the" + " reader");
    }
  }

  // A card task whose failures become refusals (no card, card error); a lost verified state is
  // left to the caller.
  private <T> T card(CardWorker.CardTask<T> task)
      throws AgentRefusedException, PinRequiredException {
    try {
      T result = worker.call(task);
      served();
      return result;
    } catch (PinRequiredException e) {
      throw e;
    } catch (IOException | CardCommandException e) {
      if (!pcscLost(e)) {
        warn.accept("signing failed: " + e.getMessage());
      }
      throw new AgentRefusedException("signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Says once that the PC/SC service went away (pcscd stopped, restarted, upgraded); requests fail
   * quietly while it is gone, and the first one served after it came back says so once. The card
   * source establishes a new context by itself: no restart is needed.
   *
   * @return whether {@code e} is the service being gone
   */
  private boolean pcscLost(Exception e) {
    if (!(e instanceof PcscUnavailableException)) {
      return false;
    }
    if (pcscGone.compareAndSet(false, true)) {
      warn.accept(pcscGone(e));
    }
    return true;
  }

  /** What the agent says once when the PC/SC service went away. */
  static String pcscGone(Exception e) {
    return e.getMessage()
        + ": waiting for the PC/SC service to come back (the agent needs no restart)";
  }

  /** What the agent says once when it is back. */
  static final String PCSC_BACK = "the PC/SC service is back: the card is served again";

  private void served() {
    if (pcscGone.compareAndSet(true, false)) {
      warn.accept(PCSC_BACK);
    }
  }
}
