package io.github.jpki4j.cli;

import io.github.jpki4j.agent.lifecycle.CardConnector;
import io.github.jpki4j.jpki.JpkiCertificate;
import io.github.jpki4j.jpki.JpkiKey;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.agent.Identity;
import io.github.jpki4j.sshcard.CardSshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jpki git-setup}: git signs commits with the card's auth key (SSH signatures). With a
 * {@code jpki agent} at {@code SSH_AUTH_SOCK}, OpenSSH's own ssh-keygen signs through it (no JVM
 * per commit); without one, git runs {@code jpki -Y sign}. Changes only what is not already right,
 * and prints each change.
 */
@Command(
    name = "git-setup",
    description = {
      "Set git up to sign commits and tags with the card (gpg.format ssh): write the card's",
      "public key to ~/.ssh, point user.signingkey at it, add your user.email to the allowed",
      "signers file for git verify-commit, and choose the signing program: OpenSSH's",
      "ssh-keygen when a jpki agent runs at SSH_AUTH_SOCK (fast), else jpki. No PIN needed.",
      "Prints what it changed; changes nothing already right."
    })
final class GitSetupCommand implements Callable<Integer> {
  static final String SIGNING_PROGRAM = "gpg.ssh.program";
  static final String ALLOWED_SIGNERS = "gpg.ssh.allowedSignersFile";

  @ParentCommand JpkiCommand root;

  @Option(
      names = "--local",
      description = "Configure the repository of the current directory only. Default: global.")
  boolean local;

  @Option(
      names = "--no-agent",
      description =
          "Sign with jpki (a JVM per signature) even when a jpki agent runs at SSH_AUTH_SOCK.")
  boolean noAgent;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "Where to write the card's public key. Default: ~/.ssh/jpki-ID.pub (ID from the key).")
  Path keyFile;

  @Option(
      names = "--email",
      paramLabel = "ADDRESS",
      description = "The address the allowed signers file names. Default: git's user.email.")
  String email;

  private final List<String> changes = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    String socket = root.env.get("SSH_AUTH_SOCK");
    CardKey card = cardKey(socket);
    Path home = home();
    GitConfig git = new GitConfig(local, root.env, Path.of("").toAbsolutePath());
    String address = email != null ? email : git.effective("user.email");
    if (address == null || address.isBlank()) {
      root.err.println(
          "jpki: git has no user.email: set it (git config --global user.email YOU@EXAMPLE.JP)"
              + " or pass --email");
      return ExitCodes.USAGE;
    }

    RsaSshPublicKey key = card.key();
    Path pub = keyFile != null ? keyFile.toAbsolutePath() : defaultKeyFile(home, key);
    writeKeyFile(pub, key, card.comment());
    setting(git, "gpg.format", "ssh");
    setting(git, "user.signingkey", pub.toString());
    boolean agent = !noAgent && AgentProbe.offers(socket, key);
    if (agent) {
      String current = git.get(SIGNING_PROGRAM);
      if (current != null && !isSshKeygen(current)) {
        git.unset(SIGNING_PROGRAM);
        changes.add("unset " + SIGNING_PROGRAM + " (was " + current + ")");
      }
      String effective = git.effective(SIGNING_PROGRAM);
      if (effective != null && !isSshKeygen(effective)) {
        setting(git, SIGNING_PROGRAM, "ssh-keygen"); // another scope names a program
      }
    } else {
      setting(git, SIGNING_PROGRAM, jpkiProgram());
    }
    String allowed = git.get(ALLOWED_SIGNERS);
    Path allowedFile =
        allowed != null
            ? expandHome(allowed, home)
            : home.resolve(".ssh").resolve("allowed_signers");
    addAllowedSigner(allowedFile, address, key);
    if (allowed == null) {
      setting(git, ALLOWED_SIGNERS, allowedFile.toString());
    }

    String how =
        agent
            ? "ssh-keygen through the jpki agent at SSH_AUTH_SOCK"
            : "jpki -Y sign (start 'jpki agent' and run git-setup again for faster signing)";
    if (changes.isEmpty()) {
      root.out.println(
          "git (" + git.scopeName() + ") already signs with the card; nothing changed");
    } else {
      changes.forEach(c -> root.out.println(c));
    }
    root.out.println("commits signed with -S (or commit.gpgsign=true) use " + how);
    if (!agent && root.simulator != null && root.env.get("JPKI_SIMULATOR") == null) {
      root.out.println(
          "note: git runs jpki without --simulator: export JPKI_SIMULATOR=" + root.simulatorHome());
    }
    return ExitCodes.OK;
  }

  private record CardKey(RsaSshPublicKey key, String comment) {}

  /**
   * The card's auth key and its comment, read from the card (no PIN); when the card cannot be
   * opened because a jpki agent holds it, as that agent lists it.
   */
  private CardKey cardKey(String socket) throws Exception {
    try (CardConnector.Session s = root.connector().open()) {
      X509Certificate cert = s.card().readCertificate(JpkiCertificate.AUTH);
      return new CardKey(
          CardSshKeys.publicKey(s.card(), JpkiKey.AUTH), CardSshKeys.defaultComment(cert));
    } catch (Exception e) {
      Identity id = AgentProbe.cardKey(socket);
      if (id == null) {
        throw e;
      }
      return new CardKey(RsaSshPublicKey.fromBlob(id.keyBlob().toByteArray()), id.comment());
    }
  }

  private void setting(GitConfig git, String name, String value) throws IOException {
    String current = git.get(name);
    if (value.equals(current)) {
      return;
    }
    git.set(name, value);
    changes.add(
        "set "
            + name
            + " = "
            + value
            + " ("
            + git.scopeName()
            + (current == null ? ")" : ", was " + current + ")"));
  }

  private void writeKeyFile(Path pub, RsaSshPublicKey key, String comment) throws IOException {
    if (Files.isRegularFile(pub) && key.equals(readKey(pub))) {
      return;
    }
    createPrivateDirectory(pub.toAbsolutePath().getParent());
    Files.writeString(pub, key.toAuthorizedKeysLine(comment) + "\n", StandardCharsets.UTF_8);
    changes.add("wrote " + pub + " (the card's public key)");
  }

  private void addAllowedSigner(Path file, String address, RsaSshPublicKey key) throws IOException {
    String existing =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    for (String line : existing.lines().toList()) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 2 && f[0].equals(address) && line.contains(key.base64Blob())) {
        return;
      }
    }
    createPrivateDirectory(file.toAbsolutePath().getParent());
    String entry =
        address + " namespaces=\"git\" " + RsaSshPublicKey.KEY_TYPE + " " + key.base64Blob() + "\n";
    String sep = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
    Files.writeString(file, existing + sep + entry, StandardCharsets.UTF_8);
    changes.add("added " + address + " with the card's key to " + file);
  }

  private static RsaSshPublicKey readKey(Path pub) {
    try {
      return RsaSshPublicKey.parse(Files.readString(pub, StandardCharsets.UTF_8).strip());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its defaults apply
    }
  }

  /**
   * ~/.ssh/jpki-ID.pub, ID the start of the key's SHA-256 in hex: one file per card key (a renewed
   * certificate brings a new key, and a new file).
   */
  static Path defaultKeyFile(Path home, RsaSshPublicKey key) throws NoSuchAlgorithmException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.blob());
    String id = HexFormat.of().formatHex(hash, 0, 6);
    return home.resolve(".ssh").resolve("jpki-" + id + ".pub");
  }

  private static boolean isSshKeygen(String program) {
    String name = Path.of(program).getFileName().toString();
    return name.equals("ssh-keygen") || name.equals("ssh-keygen.exe");
  }

  private static Path expandHome(String path, Path home) {
    return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
  }

  private Path home() {
    String h = root.env.get("HOME");
    return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
  }

  /**
   * The jpki command git should run: the launcher this JVM was started by (it names itself in
   * {@code JPKI_LAUNCHER}), else the first jpki on the PATH.
   */
  private String jpkiProgram() throws IOException {
    String launcher = root.env.get("JPKI_LAUNCHER");
    if (launcher != null && !launcher.isBlank()) {
      return Path.of(launcher).toAbsolutePath().normalize().toString();
    }
    String path = root.env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String name : List.of("jpki", "jpki.cmd")) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p.toAbsolutePath().toString();
        }
      }
    }
    throw new IOException(
        "cannot find the jpki command on the PATH for git to run: put jpki's bin directory on"
            + " the PATH, or start 'jpki agent' first");
  }
}
