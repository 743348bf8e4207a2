package io.github.jpki4j.jca;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * Run in a child JVM by {@link CardPathClassesTest}: loads a {@code JPKI} keystore from a reader
 * that does not exist ({@code reader}) or from the simulated card in a directory ({@code simulator
 * DIR}), and prints how it ended on its last line.
 */
final class ClassLoadProbe {
  static final String NO_SUCH_READER = "no such reader: jpki4j class-load probe";

  private ClassLoadProbe() {}

  public static void main(String[] args) throws Exception {
    JpkiLoadParameter parameter =
        args[0].equals("reader")
            ? JpkiLoadParameter.noPin().withReader(NO_SUCH_READER)
            : JpkiLoadParameter.noPin().withSimulator(Path.of(args[1]));
    KeyStore store = KeyStore.getInstance(JpkiProvider.KEYSTORE_TYPE, new JpkiProvider());
    try {
      store.load(parameter);
      System.out.println("loaded " + store.size());
    } catch (IOException e) {
      System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
