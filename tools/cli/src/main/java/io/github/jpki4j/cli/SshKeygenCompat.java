package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshFormatException;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jpki -Y …}: the part of {@code ssh-keygen}'s interface that git uses as {@code
 * gpg.ssh.program}. {@code -Y sign -n NS -f KEY FILE…} signs with the card when KEY holds the
 * card's auth key, writing {@code FILE.sig}; any other key, and {@code -Y verify}, {@code
 * find-principals}, {@code check-novalidate}, go to the system {@code ssh-keygen} unchanged.
 * Settings come from the environment ({@code JPKI_SIMULATOR}, {@code JPKI_READER}, {@code
 * JPKI_PINENTRY}), since git passes no options of ours.
 */
final class SshKeygenCompat {
  private final JpkiCommand root;

  SshKeygenCompat(JpkiCommand root) {
    this.root = root;
  }

  int run(String[] args) throws Exception {
    if (args.length < 2) {
      root.err.println(
          "jpki: -Y needs an operation: sign, verify, find-principals," + " check-novalidate");
      return ExitCodes.USAGE;
    }
    if (!args[1].equals("sign")) {
      return delegate(args);
    }
    String namespace = null;
    String keyFile = null;
    List<String> files = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-n" -> namespace = value(args, ++i, "-n");
        case "-f" -> keyFile = value(args, ++i, "-f");
        case "-O" -> value(args, ++i, "-O"); // signing options (hashalg=…): sha512 is used
        case "-U", "-q" -> {} // -U: "the key is in an agent"; the card is our agent
        default -> {
          if (a.startsWith("-") && !a.equals("-")) {
            return delegate(args); // an ssh-keygen feature we do not handle
          }
          files.add(a);
        }
      }
    }
    if (namespace == null || keyFile == null) {
      root.err.println("jpki: -Y sign needs -n NAMESPACE and -f KEY_FILE");
      return ExitCodes.USAGE;
    }
    RsaSshPublicKey wanted = readPublicKey(keyFile);
    if (wanted == null) {
      return delegate(args); // not an RSA public key: not the card's
    }
    try (CardConnector.Session s = root.connector().open()) {
      if (!wanted.equals(CardSshKeys.publicKey(s.card(), JpkiKey.AUTH))) {
        root.err.println(
            "jpki: " + keyFile + " is not the card's key; handing over to" + " ssh-keygen");
      } else {
        root.pinPrompter(new PinOptions()).verify(s.card(), JpkiKey.AUTH.pin());
        signFiles(s, namespace, files);
        return ExitCodes.OK;
      }
    }
    return delegate(args);
  }

  private void signFiles(CardConnector.Session s, String namespace, List<String> files)
      throws Exception {
    if (files.isEmpty() || files.equals(List.of("-"))) {
      root.out.print(CardSshKeys.sshSig(s.card(), JpkiKey.AUTH, namespace, root.in).armor());
      root.out.flush();
      return;
    }
    for (String f : files) {
      root.err.println("Signing file " + f);
      Path sig = SignatureFiles.sign(s.card(), JpkiKey.AUTH, namespace, Path.of(f));
      root.err.println("Write signature to " + sig);
    }
  }

  private static String value(String[] args, int i, String option) throws IOException {
    if (i >= args.length) {
      throw new IOException(option + " needs a value");
    }
    return args[i];
  }

  /** The public key in KEY or KEY.pub (git passes a .pub, or a private key with its .pub). */
  private static RsaSshPublicKey readPublicKey(String keyFile) throws IOException {
    for (Path p : List.of(Path.of(keyFile), Path.of(keyFile + ".pub"))) {
      if (!Files.isRegularFile(p)) {
        continue;
      }
      String text = Files.readString(p, StandardCharsets.UTF_8).strip();
      if (text.startsWith("-----BEGIN")) {
        continue; // a private key file: look at its .pub
      }
      try {
        return RsaSshPublicKey.parse(text.lines().findFirst().orElse(""));
      } catch (SshFormatException e) {
        return null; // not an RSA key we know: not the card's
      }
    }
    if (!Files.exists(Path.of(keyFile))) {
      throw new NoSuchFileException(keyFile);
    }
    return null;
  }

  /** Runs the system ssh-keygen with the same arguments and standard streams. */
  private int delegate(String[] args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("ssh-keygen");
    command.addAll(List.of(args));
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      root.err.println(
          "jpki: ssh-keygen could not be run ("
              + e.getMessage()
              + "); install"
              + " OpenSSH to verify signatures");
      return ExitCodes.FAILURE;
    }
  }
}
