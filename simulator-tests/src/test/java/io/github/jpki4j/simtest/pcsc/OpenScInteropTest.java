package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OpenScInteropChecks} on the default card in a reader that carries extended APDUs; and jpki
 * needs at most a fifth of OpenSC's APDUs for the same job.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OpenScInteropTest extends OpenScInteropChecks {
  @RegisterExtension static final PcscStack STACK = new PcscStack();

  @Test
  void jpkiNeedsAtMostAFifthOfOpenScsApdus() throws Exception {
    STACK.resetStats();
    String key = jpki(null, "ssh-key").out();
    PcscStack.Stats jpkiKey = STACK.stats();
    Tools.run(STACK.work(), null, env, 60, "ssh-keygen", "-D", module).assertOk("ssh-keygen");
    PcscStack.Stats openScKey = STACK.stats();
    PcscStack.Stats sshKeygen =
        new PcscStack.Stats(
            openScKey.apdus() - jpkiKey.apdus(),
            openScKey.bytesToCard() - jpkiKey.bytesToCard(),
            openScKey.bytesFromCard() - jpkiKey.bytesFromCard());

    Path data = STACK.work().resolve("count.txt");
    Files.writeString(data, "count me\n");
    STACK.resetStats();
    jpki("1234\n", "sign", "-n", "file", "--pin-stdin", data.toString());
    PcscStack.Stats jpkiSign = STACK.stats();
    STACK.resetStats();
    pkcs11Sign(data, STACK.work().resolve("count.sig"));
    PcscStack.Stats openScSign = STACK.stats();

    System.out.printf(
        "APDUs (bytes) for the auth key: jpki ssh-key %d (%d), ssh-keygen -D %d"
            + " (%d); one signature with the PIN: jpki sign %d (%d), pkcs11-tool --sign %d (%d)%n",
        jpkiKey.apdus(),
        jpkiKey.bytes(),
        sshKeygen.apdus(),
        sshKeygen.bytes(),
        jpkiSign.apdus(),
        jpkiSign.bytes(),
        openScSign.apdus(),
        openScSign.bytes());
    assertTrue(key.startsWith("ssh-rsa "));
    assertTrue(jpkiKey.apdus() > 0 && jpkiSign.apdus() > 0, "the bridge counted nothing");
    assertTrue(
        jpkiKey.apdus() * 5 <= sshKeygen.apdus(),
        "jpki ssh-key " + jpkiKey + " vs ssh-keygen -D " + sshKeygen);
    assertTrue(
        jpkiSign.apdus() * 5 <= openScSign.apdus(),
        "jpki sign " + jpkiSign + " vs pkcs11-tool --sign " + openScSign);
  }
}
