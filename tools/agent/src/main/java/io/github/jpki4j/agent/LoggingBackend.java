package io.github.jpki4j.agent;

import io.github.jpki4j.ssh.SshSignatureAlgorithm;
import io.github.jpki4j.ssh.agent.AgentBackend;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import io.github.jpki4j.ssh.agent.Identity;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

// One log line per request that reaches the backend: type, algorithm, outcome, time. Never the
// data, never a passphrase.
final class LoggingBackend implements AgentBackend {
  private final AgentBackend backend;
  private final Consumer<String> log;

  LoggingBackend(AgentBackend backend, Consumer<String> log) {
    this.backend = backend;
    this.log = log;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws AgentRefusedException;
  }

  private <T> T logged(String what, Call<T> call, Function<T, String> ok)
      throws AgentRefusedException {
    long start = System.nanoTime();
    try {
      T result = call.run();
      log.accept(what + ": " + ok.apply(result) + " (" + millis(start) + " ms)");
      return result;
    } catch (AgentRefusedException | RuntimeException e) {
      log.accept(what + ": refused: " + e.getMessage() + " (" + millis(start) + " ms)");
      throw e;
    }
  }

  // A client's string, made safe for one log line.
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 64; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return s.length() > 64 ? b + "..." : b.toString();
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Override
  public List<Identity> identities() throws AgentRefusedException {
    return logged(
        "REQUEST_IDENTITIES",
        backend::identities,
        l -> l.size() + (l.size() == 1 ? " key" : " keys"));
  }

  @Override
  public byte[] sign(byte[] keyBlob, byte[] data, int flags) throws AgentRefusedException {
    return logged(
        "SIGN_REQUEST "
            + SshSignatureAlgorithm.forAgentFlags(flags).wireName()
            + " (flags "
            + flags
            + ")",
        () -> backend.sign(keyBlob, data, flags),
        s -> "signed");
  }

  @Override
  public void remove(byte[] keyBlob) throws AgentRefusedException {
    logged(
        "REMOVE_IDENTITY",
        () -> {
          backend.remove(keyBlob);
          return null;
        },
        x -> "ok");
  }

  @Override
  public void removeAll() throws AgentRefusedException {
    logged(
        "REMOVE_ALL_IDENTITIES",
        () -> {
          backend.removeAll();
          return null;
        },
        x -> "card released");
  }

  @Override
  public void lock(byte[] passphrase) throws AgentRefusedException {
    logged(
        "LOCK",
        () -> {
          backend.lock(passphrase);
          return null;
        },
        x -> "ok");
  }

  @Override
  public void unlock(byte[] passphrase) throws AgentRefusedException {
    logged(
        "UNLOCK",
        () -> {
          backend.unlock(passphrase);
          return null;
        },
        x -> "ok");
  }

  @Override
  public void extension(String name, byte[] contents) throws AgentRefusedException {
    logged(
        "EXTENSION " + printable(name),
        () -> {
          backend.extension(name, contents);
          return null;
        },
        x -> "ok");
  }
}
