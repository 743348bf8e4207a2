package io.github.jpki4j.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code jpki} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err, System.getenv()));
  }

  /**
   * Runs one command with the given streams and environment; returns its exit code. Never throws:
   * every error becomes a message on {@code err} (see {@link ExitCodes}).
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    JpkiCommand root = new JpkiCommand(in, out, err, env);
    try {
      if (args.length > 0 && args[0].equals("-Y")) {
        return new SshKeygenCompat(root).run(args);
      }
      CommandLine cl = Subcommands.commandLine(root, args);
      cl.setOut(new PrintWriter(out, true, Charset.defaultCharset()));
      cl.setErr(new PrintWriter(err, true, Charset.defaultCharset()));
      cl.setCaseInsensitiveEnumValuesAllowed(true);
      cl.setParameterExceptionHandler(
          (e, a) -> {
            err.println("jpki: " + e.getMessage());
            err.println(
                "Try '"
                    + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCodes.USAGE;
          });
      cl.setExecutionExceptionHandler((e, c, p) -> Failures.report(e, err, root.verbose));
      int code = cl.execute(args);
      out.flush();
      return code;
    } catch (Exception e) {
      return Failures.report(e, err, root.verbose);
    }
  }
}
