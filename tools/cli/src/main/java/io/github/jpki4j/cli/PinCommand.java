package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.jpki.PinStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jpki pin status|verify}. */
@Command(
    name = "pin",
    description = "PIN tries left (free), or check a PIN on purpose.",
    subcommands = {PinCommand.Status.class, PinCommand.Verify.class})
final class PinCommand {
  @ParentCommand JpkiCommand root;

  /** {@code pin status}: one line per PIN; never spends a try. */
  @Command(
      name = "status",
      description = "Tries left for the auth PIN and the signature" + " password. Costs no try.")
  static final class Status implements Callable<Integer> {
    @ParentCommand PinCommand pin;

    @Override
    public Integer call() throws Exception {
      try (CardConnector.Session s = pin.root.connector().open()) {
        for (JpkiPin p : JpkiPin.values()) {
          if (p == JpkiPin.SIGN && !s.card().hasSignatureKeyPair()) {
            pin.root.out.println("sign: " + NoSignatureKeyException.MESSAGE);
          } else {
            pin.root.out.println(line(s.card().pinStatus(p)));
          }
        }
      }
      return ExitCodes.OK;
    }

    static String line(PinStatus st) {
      String name = st.pin() == JpkiPin.AUTH ? "auth" : "sign";
      String text = st.blocked() ? "blocked (reset it at your municipal office)" : st.describe();
      return name
          + ": "
          + text
          + "  ["
          + st.pin().label()
          + ", "
          + st.pin().formatDescription()
          + "]";
    }
  }

  /** {@code pin verify [auth|sign]}: check a PIN on purpose, with the same safety rules. */
  @Command(name = "verify", description = "Check a PIN on purpose (a wrong PIN costs a try).")
  static final class Verify implements Callable<Integer> {
    @ParentCommand PinCommand pin;
    @Mixin PinOptions pinOptions;

    @Parameters(
        index = "0",
        arity = "0..1",
        defaultValue = "auth",
        paramLabel = "auth|sign",
        description = "Which PIN: auth (4 digits) or sign (signature password). Default: auth.")
    PinKind which;

    @Override
    public Integer call() throws Exception {
      try (CardConnector.Session s = pin.root.connector().open()) {
        if (which.key == JpkiKey.SIGN) {
          s.card().requireSignatureKeyPair(); // before anyone types a password for it
        }
        pin.root.pinPrompter(pinOptions).verify(s.card(), which.pin());
        pin.root.out.println(
            which.name() + ": correct; " + PinStatus.verifiedNow(which.pin()).counter());
      }
      return ExitCodes.OK;
    }
  }

  /** The PIN names on the command line. */
  enum PinKind {
    auth(JpkiKey.AUTH),
    sign(JpkiKey.SIGN);

    /** The key pair this PIN unlocks. */
    final JpkiKey key;

    PinKind(JpkiKey key) {
      this.key = key;
    }

    JpkiPin pin() {
      return key.pin();
    }
  }
}
