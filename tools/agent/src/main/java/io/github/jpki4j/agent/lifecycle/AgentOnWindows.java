package io.github.jpki4j.agent.lifecycle;

import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.agent.windows.PipeNames;
import io.github.jpki4j.agent.windows.WindowsAgent;
import io.github.jpki4j.cli.ExitCodes;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinSources;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * {@code jpki agent} on Windows: in the foreground, like Pageant, serving OpenSSH's named pipe and
 * (unless told not to) Pageant's pipe and window, over the same card thread and PIN policy as on
 * Unix. Not yet run on Windows by the project's own tests (see the README).
 */
public record AgentOnWindows(
    PrintStream out,
    PrintStream err,
    boolean verbose,
    PinSources pinSources,
    CardConnector connector,
    String pinentry,
    boolean allowSha1) {
  public int serve(String pipeOption, boolean kill, boolean pageant) throws Exception {
    if (kill) {
      err.println(
          "jpki: -k stops the Unix agent; on Windows stop the agent with Ctrl-C or"
              + " the Task Manager");
      return ExitCodes.USAGE;
    }
    String pipe;
    try {
      pipe = pipeOption == null ? null : PipeNames.fromOption(pipeOption);
    } catch (IllegalArgumentException e) {
      err.println("jpki: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    PinSource pins = pinSources.forAgent(pinentry);
    Consumer<String> log = line -> err.println("jpki agent: " + line);
    Consumer<String> debug = verbose ? log : line -> {};
    CardConnector.AgentCard card = connector.agentCard();
    CardWorker worker = null;
    try {
      worker =
          new CardWorker(card.source(), connector.readMode(), debug, CardWorker.DEFAULT_TIMEOUT);
      JpkiAgentBackend backend = new JpkiAgentBackend(worker, pins, allowSha1, log, debug);
      WindowsAgent.serve(
          backend, new WindowsAgent.Options(pipe, pageant, verbose), out, log, worker, card);
      return ExitCodes.OK;
    } catch (Exception e) {
      if (worker != null) {
        worker.close();
      }
      card.close();
      throw e;
    }
  }
}
