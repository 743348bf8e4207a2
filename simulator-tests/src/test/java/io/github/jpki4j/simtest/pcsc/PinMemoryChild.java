package io.github.jpki4j.simtest.pcsc;

import io.github.jpki4j.cli.Main;
import io.github.jpki4j.jca.JpkiProvider;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * The JVM a PIN memory test scans ({@link PinMemoryTest}): it logs in once, prints {@code done
 * EXIT} on standard output, then waits for a line on standard input before it ends, so that the
 * test can dump its heap and read its memory while it still runs.
 *
 * <ul>
 *   <li>{@code cli ARGS…}: {@code jpki ARGS…} through {@link Main#run} with {@link
 *       Main#standardInput}, as {@code Main.main} runs it;
 *   <li>{@code provider}: the {@code JPKI} provider as an application uses it: the signature
 *       password (the first line of standard input, read into a {@code char[]} without a String)
 *       loads the KeyStore, the array is wiped, and the {@code sign} key signs through {@link
 *       Signature}; the signature is checked with the certificate's public key. The reader comes
 *       from {@code -Djpki.reader}.
 * </ul>
 */
public final class PinMemoryChild {
  private PinMemoryChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    int exit;
    if (args[0].equals("cli")) {
      exit =
          Main.run(
              Arrays.copyOfRange(args, 1, args.length),
              Main.standardInput(),
              out,
              System.err,
              System.getenv());
    } else {
      exit = provider() ? 0 : 1;
    }
    out.println("done " + exit);
    out.flush();
    System.in.read(); // the test has scanned this JVM
  }

  private static boolean provider() throws Exception {
    char[] pin = readLine(new FileInputStream(FileDescriptor.in));
    KeyStore store = KeyStore.getInstance(JpkiProvider.KEYSTORE_TYPE, new JpkiProvider());
    try {
      store.load(null, pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
    byte[] data = "signed through the JPKI provider".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withRSA", store.getProvider());
    signer.initSign((PrivateKey) store.getKey("sign", null));
    signer.update(data);
    byte[] signature = signer.sign();
    Signature check = Signature.getInstance("SHA256withRSA");
    check.initVerify(store.getCertificate("sign").getPublicKey());
    check.update(data);
    return check.verify(signature);
  }

  // One ASCII line, byte by byte from an unbuffered stream: no copy but the returned array.
  private static char[] readLine(InputStream in) throws IOException {
    char[] line = new char[32];
    int n = 0;
    for (int b = in.read(); b >= 0 && b != '\n' && n < line.length; b = in.read()) {
      line[n++] = (char) b;
    }
    char[] pin = Arrays.copyOf(line, n);
    Arrays.fill(line, '\0');
    return pin;
  }
}
