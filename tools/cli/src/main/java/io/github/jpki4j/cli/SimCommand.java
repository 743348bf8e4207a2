package io.github.jpki4j.cli;

import io.github.jpki4j.apdu.Atr;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.NoSignatureKeyException;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.sim.CardKind;
import io.github.jpki4j.sim.CardProfile;
import io.github.jpki4j.sim.PinState;
import io.github.jpki4j.sim.Quirk;
import io.github.jpki4j.sim.ReaderKind;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.sim.VpcdBridge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jpki sim init|profile|profiles|serve}: the virtual card, what kind of card it is, and
 * serving it in a PC/SC reader via vpcd.
 */
@Command(
    name = "sim",
    description =
        "The virtual My Number Card: create it, choose what kind of card and reader it"
            + " is, or serve it in a PC/SC reader (vsmartcard's vpcd).",
    subcommands = {
      SimCommand.Init.class,
      SimCommand.Profile.class,
      SimCommand.Profiles.class,
      SimCommand.Serve.class
    })
final class SimCommand implements Callable<Integer> {
  @ParentCommand JpkiCommand root;
  @Spec CommandSpec spec;

  /** {@code jpki sim} alone: the usage, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(root.err);
    return ExitCodes.USAGE;
  }

  /** The simulator directory: --simulator=DIR, $JPKI_SIMULATOR, else the default. */
  Path dir() {
    return root.simulatorHome();
  }

  /** Parses a profile spec given on the command line. */
  static CardProfile profile(CommandSpec spec, String text) {
    try {
      return CardProfile.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code sim init}: creates the card (or reports the existing one). */
  @Command(
      name = "init",
      description = {
        "Create the virtual card and print where it is, its profile and its test PINs.",
        "",
        "The card goes into the simulator directory: --simulator=DIR, else $JPKI_SIMULATOR, else"
            + " your data directory. An existing card is kept (--profile changes its profile):"
            + " delete the directory for a fresh one."
      })
  static final class Init implements Callable<Integer> {
    @ParentCommand SimCommand sim;
    @Spec CommandSpec spec;

    @Option(
        names = "--profile",
        paramLabel = "NAME[,QUIRK...]",
        description =
            "What kind of card and reader it is, e.g. contact-2024,reader-short or"
                + " contact-2024,first-6f00: see 'jpki sim profiles'. Default for a new card:"
                + " contact-2024.")
    String profile;

    @Option(
        names = "--person",
        paramLabel = "N",
        description =
            "Which test person a new card belongs to: another number, another key pair (and"
                + " fingerprint), for a household of several cards. Default: the one test"
                + " person every simulator shares.")
    Long person;

    @Override
    public Integer call() throws Exception {
      CardProfile wanted = profile == null ? null : profile(spec, profile);
      Path dir = sim.dir();
      boolean existed = Files.isRegularFile(dir.resolve("state.properties"));
      try (VirtualCard card =
          VirtualCard.open(
              dir,
              wanted,
              person == null ? TestIdentity.DEFAULT_SEED : TestIdentity.DEFAULT_SEED + person)) {
        PinState pins = card.pinState();
        var o = sim.root.out;
        o.println(
            (existed ? "Virtual card already in " : "Virtual card created in ")
                + dir.toAbsolutePath());
        o.println("  profile:             " + card.profile());
        o.println(
            "  auth PIN:            "
                + pins.authPin()
                + "  ("
                + new PinStatus(JpkiPin.AUTH, pins.authTriesLeft()).counter()
                + ")");
        o.println(
            "  signature password:  "
                + (card.profile().hasSignatureKeyPair()
                    ? pins.signPin()
                        + "  ("
                        + new PinStatus(JpkiPin.SIGN, pins.signTriesLeft()).counter()
                        + ")"
                    : NoSignatureKeyException.MESSAGE));
        o.println("  a TEST identity: its certificates come from a test CA, not from J-LIS");
        o.println(
            "Use it with: jpki --simulator="
                + dir
                + " ssh-key,"
                + " or in a PC/SC reader: jpki --simulator="
                + dir
                + " sim serve");
      }
      return ExitCodes.OK;
    }
  }

  /** {@code sim profile [SPEC]}: shows or changes the card's profile. */
  @Command(
      name = "profile",
      description = {
        "Show the virtual card's profile, or change it to SPEC.",
        "",
        "The profile is kept in the card's directory, so every program that uses the card (jpki,"
            + " git through -Y sign, sim serve) sees the same card. 'jpki sim profiles' lists the"
            + " card kinds, reader kinds and quirks."
      })
  static final class Profile implements Callable<Integer> {
    @ParentCommand SimCommand sim;
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "NAME[,QUIRK...]",
        description = "The new profile, e.g. contact-noext,reader-short.")
    String profile;

    @Override
    public Integer call() throws Exception {
      CardProfile wanted = profile == null ? null : profile(spec, profile);
      try (VirtualCard card = VirtualCard.open(sim.dir(), wanted)) {
        sim.root.out.println(card.profile());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code sim profiles}: every card kind, reader kind and quirk, with its source. */
  @Command(
      name = "profiles",
      description =
          "List the card kinds, reader kinds and quirks a virtual card can have, each"
              + " with its public source.")
  static final class Profiles implements Callable<Integer> {
    @ParentCommand SimCommand sim;

    @Override
    public Integer call() {
      var o = sim.root.out;
      o.println("Card kinds (one; default contact-2024):");
      for (CardKind k : CardKind.values()) {
        o.println(row(k.id(), k.description() + ", ATR " + k.atrHex(), k.source()));
      }
      o.println("Reader kinds (one; default reader-extended):");
      for (ReaderKind r : ReaderKind.values()) {
        o.println(row(r.id(), r.description(), r.source()));
      }
      o.println("Quirks (any):");
      for (Quirk q : Quirk.values()) {
        o.println(row(q.id(), q.description(), q.source()));
      }
      o.println(
          "Example: jpki --simulator=DIR sim init --profile contact-noext,reader-short,"
              + "first-6f00");
      return ExitCodes.OK;
    }

    private static String row(String id, String what, String source) {
      return String.format(Locale.ROOT, "  %-20s %s [%s]", id, what, source);
    }
  }

  /** {@code sim serve}: the bridge in the foreground. */
  @Command(
      name = "serve",
      description = {
        "Serve the virtual card in a PC/SC reader, through vsmartcard's vpcd.",
        "",
        "The card is the one --simulator names (else $JPKI_SIMULATOR, else your data directory);"
            + " its PIN counters persist. pcscd and every PC/SC program (jpki --reader, OpenSC,"
            + " pcsc_scan) then see it in the reader \"Virtual PCD 00 00\" (vpcd port 35963; the"
            + " second reader, \"Virtual PCD 00 01\", is port 35964). Needs pcscd and"
            + " vsmartcard-vpcd. Runs in the foreground until killed; if vpcd is not there yet,"
            + " it retries for --connect-timeout seconds.",
        "",
        "Card removal and insertion: stop serve and start it again, or write a line to its"
            + " standard input:",
        "  remove        pull the card out of the reader",
        "  insert        put it back (a new card session: PINs must be entered again)",
        "  stats         print the APDU count and bytes to and from the card so far",
        "  reset-stats   print them, then count from zero",
        "  quit          stop serving",
        "Each power-off or reset also logs that card session's counts on stderr."
      })
  static final class Serve implements Callable<Integer> {
    @ParentCommand SimCommand sim;
    @Spec CommandSpec spec;

    @Option(
        names = "--vpcd",
        paramLabel = "HOST:PORT",
        defaultValue = VpcdBridge.DEFAULT_HOST + ":" + VpcdBridge.DEFAULT_PORT,
        description = "Where vpcd listens. Default: ${DEFAULT-VALUE}.")
    String vpcd;

    @Option(
        names = "--connect-timeout",
        paramLabel = "SECONDS",
        defaultValue = "30",
        description =
            "Give up when vpcd cannot be reached for this long. Default: " + "${DEFAULT-VALUE}.")
    int connectTimeout;

    @Option(
        names = "--second-card",
        paramLabel = "DIR",
        description =
            "Also serve the virtual card in DIR (created with 'jpki --simulator=DIR sim init')"
                + " into vpcd's next port, the second reader (\"Virtual PCD 00 01\" by default):"
                + " two cards in two readers. Control lines then take the card's number,"
                + " e.g. 'remove 2'.")
    Path secondCard;

    @Override
    public Integer call() throws Exception {
      InetSocketAddress address = address(vpcd);
      if (address == null) {
        throw new ParameterException(
            spec.commandLine(), "--vpcd wants HOST:PORT, not '" + vpcd + "'");
      }
      if (connectTimeout < 1) {
        throw new ParameterException(
            spec.commandLine(), "--connect-timeout must be at least 1 second");
      }
      List<Path> dirs = new ArrayList<>(List.of(sim.dir()));
      if (secondCard != null) {
        if (secondCard.toAbsolutePath().equals(sim.dir().toAbsolutePath())) {
          throw new ParameterException(
              spec.commandLine(), "--second-card must be another card's directory");
        }
        dirs.add(secondCard);
      }
      var err = sim.root.err;
      List<VirtualCard> cards = new ArrayList<>();
      List<VpcdBridge> bridges = new ArrayList<>();
      Runnable closeAll =
          () -> {
            bridges.forEach(VpcdBridge::close);
            cards.forEach(VirtualCard::close);
          };
      try {
        for (int i = 0; i < dirs.size(); i++) {
          Path dir = dirs.get(i);
          VirtualCard card = VirtualCard.open(dir);
          cards.add(card);
          InetSocketAddress at =
              new InetSocketAddress(address.getHostString(), address.getPort() + i);
          String prefix = dirs.size() == 1 ? "" : "card " + (i + 1) + ": ";
          bridges.add(
              new VpcdBridge(
                  card,
                  at,
                  line -> {
                    synchronized (err) {
                      err.println(prefix + line);
                      err.flush();
                    }
                  }));
          err.println(
              "jpki sim serve: "
                  + (dirs.size() == 1
                      ? "the virtual card"
                      : "card " + (i + 1) + ", the virtual card")
                  + " in "
                  + dir.toAbsolutePath()
                  + " ("
                  + card.profile()
                  + ", ATR "
                  + Atr.parse(card.atr())
                  + "), into vpcd at "
                  + at.getHostString()
                  + ":"
                  + at.getPort()
                  + readerName(at.getPort())
                  + "; stdin: remove, insert, stats, reset-stats, quit"
                  + (dirs.size() == 1 ? "" : " (then 1 or 2 for the card: 'remove 2')"));
        }
      } catch (IOException | RuntimeException e) {
        closeAll.run();
        throw e;
      }
      err.flush();
      Thread hook = new Thread(closeAll, "jpki-sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Thread control = new Thread(() -> control(bridges), "jpki-sim-control");
      control.setDaemon(true);
      control.start();
      List<Thread> others = new ArrayList<>();
      IOException[] failed = {null};
      for (VpcdBridge other : bridges.subList(1, bridges.size())) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    other.run(Duration.ofSeconds(connectTimeout));
                  } catch (IOException e) {
                    failed[0] = e;
                    bridges.get(0).close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "jpki-sim-serve-2");
        t.setDaemon(true);
        t.start();
        others.add(t);
      }
      try {
        bridges.get(0).run(Duration.ofSeconds(connectTimeout));
      } finally {
        closeAll.run();
        for (Thread t : others) {
          t.join(5_000);
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
      if (failed[0] != null) {
        throw failed[0];
      }
      return ExitCodes.OK;
    }

    /**
     * Reads control lines from stdin until EOF (then serving simply goes on); a line names the card
     * by its number (1 if not given).
     */
    private void control(List<VpcdBridge> bridges) {
      var out = sim.root.out;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(sim.root.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          String[] words = line.strip().toLowerCase(Locale.ROOT).split("\\s+");
          VpcdBridge bridge = bridges.get(0);
          if (words.length == 2 && words[1].matches("[12]")) {
            int n = Integer.parseInt(words[1]);
            if (n > bridges.size()) {
              reply(out, "there is no card " + n + ": serving " + bridges.size());
              continue;
            }
            bridge = bridges.get(n - 1);
          } else if (words.length > 1) {
            reply(
                out,
                "unknown command '" + line.strip() + "': remove, insert, stats, reset-stats, quit");
            continue;
          }
          switch (words[0]) {
            case "remove" -> {
              bridge.removeCard();
              reply(out, "removed");
            }
            case "insert" -> {
              bridge.insertCard();
              reply(out, "inserted");
            }
            case "stats" -> reply(out, "stats: " + bridge.stats());
            case "reset-stats" -> reply(out, "stats: " + bridge.resetStats() + " (reset)");
            case "quit" -> {
              reply(out, "quitting");
              bridges.forEach(VpcdBridge::close);
              return;
            }
            case "" -> {
              // nothing
            }
            default ->
                reply(
                    out,
                    "unknown command '"
                        + line.strip()
                        + "': remove, insert, stats, reset-stats, quit");
          }
        }
      } catch (IOException e) {
        // stdin is gone: serving goes on until killed
      }
    }

    private static void reply(java.io.PrintStream out, String line) {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }
  }

  /** The reader vpcd offers on its default ports. */
  static String readerName(int port) {
    int slot = port - VpcdBridge.DEFAULT_PORT;
    return slot == 0 || slot == 1 ? " (reader \"Virtual PCD 00 0" + slot + "\")" : "";
  }

  /** Parses HOST:PORT ({@code [v6]:PORT} too); null if malformed. */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      return null;
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    return port < 1 || port > 65535 || host.isEmpty() ? null : new InetSocketAddress(host, port);
  }
}
