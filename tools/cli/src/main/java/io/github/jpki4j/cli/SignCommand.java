package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiCard;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki sign -n NAMESPACE [FILE...|-]}: OpenSSH SSHSIG signatures (rsa-sha2-512, sha512),
 * what {@code ssh-keygen -Y sign} writes: {@code FILE.sig} beside each file, or stdout for stdin.
 */
@Command(
    name = "sign",
    description = {
      "Sign files as OpenSSH signatures (SSHSIG), as 'ssh-keygen -Y sign' does: FILE.sig",
      "beside each FILE, or to standard output for standard input ('-' or no FILE).",
      "Check them with: ssh-keygen -Y verify -f allowed_signers -I ID -n NAMESPACE -s FILE.sig"
    })
final class SignCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;
  @Mixin PinOptions pinOptions;

  @Option(
      names = "-n",
      required = true,
      paramLabel = "NAMESPACE",
      description = "The signature's namespace, e.g. 'file' or 'git'.")
  String namespace;

  @Option(
      names = "--key",
      defaultValue = "auth",
      paramLabel = "auth|sign",
      description =
          "The card key: auth (default, the SSH key) or sign (the digital signature"
              + " key: legally binding, and its certificate names you).")
  PinCommand.PinKind key;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "Files to sign; '-' or none:" + " standard input.")
  List<String> files = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    boolean fromStdin = files.isEmpty() || files.equals(List.of("-"));
    if (files.contains("-") && !fromStdin) {
      root.err.println("jpki: '-' (standard input) cannot be mixed with files");
      return ExitCodes.USAGE;
    }
    if (fromStdin && pinOptions.pinStdin) {
      root.err.println("jpki: --pin-stdin cannot be used while signing standard input");
      return ExitCodes.USAGE;
    }
    for (String f : files) {
      if (!fromStdin && !Files.isReadable(Path.of(f))) {
        throw new NoSuchFileException(f);
      }
    }
    JpkiKey cardKey = key.key;
    try (CardConnector.Session s = root.connector().open()) {
      JpkiCard card = s.card();
      if (cardKey == JpkiKey.SIGN) {
        card.requireSignatureKeyPair();
        root.err.println(
            "jpki: signing with the DIGITAL SIGNATURE key (署名用): legally binding;"
                + " its certificate carries your name and address");
      }
      root.pinPrompter(pinOptions).verify(card, cardKey.pin());
      if (fromStdin) {
        root.out.print(CardSshKeys.sshSig(card, cardKey, namespace, root.in).armor());
        root.out.flush();
        return ExitCodes.OK;
      }
      for (String f : files) {
        Path sig = SignatureFiles.sign(card, cardKey, namespace, Path.of(f));
        root.err.println("Signed " + f + " -> " + sig);
      }
    }
    return ExitCodes.OK;
  }
}
