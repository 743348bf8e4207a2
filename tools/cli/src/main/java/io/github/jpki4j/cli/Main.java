package io.github.jpki4j.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * Entry point of the {@code jpki} command. The common command lines ({@code --help}, {@code
 * ssh-key}, ...) run through {@link QuickRun} from the build's {@link CommandTable}; the rest, and
 * every mistake, through picocli.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, standardInput(), System.out, System.err, System.getenv());
    if (Boolean.getBoolean(QuickRun.TRAIN_PROPERTY)) {
      QuickRun.train();
    }
    // Success with no other thread left: return, and the JVM ends with 0. System.exit would log
    // the exit through System.Logger on Java 21 and newer, whose first use costs a cold JVM more
    // than jpki --help itself (docs/startup.md).
    if (code != ExitCodes.OK || otherThreadsRun()) {
      System.exit(code);
    }
  }

  /**
   * The process's standard input, unbuffered: {@code System.in} is a buffered stream whose buffer
   * would keep a PIN read with {@code --pin-stdin} where nobody can wipe it. jpki reads PIN lines
   * byte by byte and data in blocks.
   */
  public static InputStream standardInput() {
    return new FileInputStream(FileDescriptor.in);
  }

  // Whether a thread other than this one would keep the JVM alive after main returns.
  private static boolean otherThreadsRun() {
    Thread[] threads = new Thread[Thread.activeCount() + 8];
    int n = Thread.enumerate(threads);
    for (int i = 0; i < n; i++) {
      if (threads[i] != Thread.currentThread() && !threads[i].isDaemon() && threads[i].isAlive()) {
        return true;
      }
    }
    return n == threads.length; // more than counted: do not guess
  }

  /**
   * Runs one command with the given streams and environment; returns its exit code. Never throws:
   * every error becomes a message on {@code err} (see {@link ExitCodes}).
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, new JpkiCommand(in, out, err, env), true);
  }

  /** {@link #run}, with or without {@link QuickRun} (the tests compare the two). */
  static int run(String[] args, JpkiCommand root, boolean quick) {
    try {
      if (args.length > 0 && args[0].equals("-Y")) {
        return new SshKeygenCompat(root).run(args);
      }
      if (quick) {
        Integer code = QuickRun.run(args, root);
        if (code != null) {
          return code;
        }
      }
      int code = picocli(root, args).execute(args);
      root.out.flush();
      return code;
    } catch (Exception e) {
      return Failures.report(e, root.err, root.verbose);
    }
  }

  /** picocli's command line for {@code args}, set up as jpki runs it. */
  static CommandLine picocli(JpkiCommand root, String[] args) {
    CommandLine cl = Subcommands.commandLine(root, args);
    cl.setOut(new PrintWriter(root.out, true, Charset.defaultCharset()));
    cl.setErr(new PrintWriter(root.err, true, Charset.defaultCharset()));
    // Plain usage everywhere, as the command table holds it (QuickRun prints it without picocli).
    cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          root.err.println("jpki: " + e.getMessage());
          root.err.println(
              "Try '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for more information.");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler((e, c, p) -> Failures.report(e, root.err, root.verbose));
    return cl;
  }
}
