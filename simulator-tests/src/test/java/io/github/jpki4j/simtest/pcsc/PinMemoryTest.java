package io.github.jpki4j.simtest.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jpki4j.cli.ExitCodes;
import io.github.jpki4j.jpki.CardSettings;
import io.github.jpki4j.simtest.JpkiProcess;
import io.github.jpki4j.testsupport.ExternalTool;
import io.github.jpki4j.testsupport.FakePinentry;
import io.github.jpki4j.testsupport.PinTraces;
import io.github.jpki4j.testsupport.RequiresTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No PIN left in the memory of the {@code jpki} command or of an application using the {@code JPKI}
 * provider (issue 19), through a real reader: pcscd, vpcd and the JDK's PC/SC provider, as a user
 * runs them. After one login with a signature password that cannot occur by chance, neither a heap
 * dump that keeps unreachable objects nor the process's whole memory ({@code /proc/PID/mem}) holds
 * the VERIFY command, the password near a VERIFY header, pinentry's answer line, the password as
 * UTF-16 or even its bare ASCII bytes ({@link PinTraces}).
 *
 * <p>The JVM under test ({@link PinMemoryChild}) runs with the JVM options of the launchers ({@code
 * cli=} in {@code jvm-options.properties}), whose {@code --add-opens} lets {@code pcsc-transmit}
 * send VERIFY from memory it wipes; it stays up after its login until it has been scanned. {@code
 * jpki pdf sign} stands for every command that asks for a PIN: {@code sign}, {@code cms sign} and
 * {@code pdf sign} all verify through the same {@code PinPrompter} and driver call, and it is the
 * PDF signer's path too. The same JVM without the {@code --add-opens} takes the way every JVM took
 * before (the JDK channel's copy of the command); its counts are printed, for comparison.
 *
 * <p>The scan of the card's JVM, which keeps the password and received the VERIFY, shows that the
 * scan finds what it looks for.
 */
@RequiresTools({ExternalTool.PCSCD, ExternalTool.VPCD, ExternalTool.PCSC_SCAN})
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PinMemoryTest {
  /** A signature password (6–16 of A–Z and 0–9) that occurs nowhere by chance. */
  static final String SIGN_PIN = "QX7W2K9ZV";

  private static final String OPTIONS_RESOURCE =
      "io/github/jpki4j/agent/lifecycle/jvm-options.properties";

  @RegisterExtension static final PcscStack STACK = new PcscStack().withSignPin(SIGN_PIN);

  @Test
  void jpkiPdfSignLeavesNoPinInMemory() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("cli-memory"));
    FakePinentry pinentry = FakePinentry.in(dir.resolve("pinentry"), SIGN_PIN);
    Path pdf = dir.resolve("form.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.save(pdf.toFile());
    }
    scan(dir, "jpki pdf sign, without --add-opens", false, pdfSign(pdf, "old.pdf", pinentry), null);
    PinTraces after = scan(dir, "jpki pdf sign", true, pdfSign(pdf, "signed.pdf", pinentry), null);
    assertTrue(Files.size(dir.resolve("signed.pdf")) > Files.size(pdf), "the PDF was signed");
    assertEquals(2, pinentry.prompts(), "each run asked for the password once");
    assertClean(after);
  }

  /** The password on standard input: read byte by byte from the unbuffered stream Main hands on. */
  @Test
  void jpkiPdfSignWithPinStdinLeavesNoPinInMemory() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("cli-stdin-memory"));
    Path pdf = dir.resolve("form.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.save(pdf.toFile());
    }
    List<String> args = new ArrayList<>(pdfSign(pdf, "signed.pdf", null));
    args.add("--pin-stdin");
    PinTraces after = scan(dir, "jpki pdf sign --pin-stdin", true, args, SIGN_PIN);
    assertTrue(Files.size(dir.resolve("signed.pdf")) > Files.size(pdf), "the PDF was signed");
    assertClean(after);
  }

  private static List<String> pdfSign(Path pdf, String output, FakePinentry pinentry) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "cli",
                "--reader",
                "0",
                "pdf",
                "sign",
                pdf.toString(),
                "-o",
                pdf.resolveSibling(output).toString(),
                "--share-personal-data"));
    if (pinentry != null) {
      args.addAll(List.of("--pinentry", pinentry.program().toString()));
    }
    return args;
  }

  @Test
  void theJpkiProviderLeavesNoPinInMemory() throws Exception {
    Path dir = Files.createDirectories(STACK.work().resolve("provider-memory"));
    List<String> args = List.of("provider");
    scan(dir, "the JPKI provider, without --add-opens", false, args, SIGN_PIN);
    PinTraces after = scan(dir, "the JPKI provider", true, args, SIGN_PIN);
    assertClean(after);
  }

  private static void assertClean(PinTraces traces) throws Exception {
    PinTraces card =
        PinTraces.inHeapDump(STACK.servePid(), STACK.work().resolve("card.hprof"), SIGN_PIN)
            .plus(PinTraces.inProcess(STACK.servePid(), SIGN_PIN, new long[1]));
    System.out.println("the card's JVM: " + card);
    assertTrue(
        card.verifyCommands() > 0 && card.ascii() > 0,
        "control: the card's JVM received the VERIFY and keeps the password, and the scan must"
            + " find them there: "
            + card);
    assertEquals(0, traces.secrets(), "PIN traces: " + traces);
    assertEquals(0, traces.ascii(), "the password's bare bytes: " + traces);
  }

  /**
   * Runs {@link PinMemoryChild} with {@code args}, the launchers' JVM options or not, giving it
   * {@code stdin} (a line) if not null; once it has logged in, scans its heap dump and memory,
   * prints the counts and returns their sum.
   */
  private static PinTraces scan(
      Path dir, String what, boolean launcherOptions, List<String> args, String stdin)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JpkiProcess.JAVA));
    List<String> options = cliOptions();
    cmd.addAll(
        launcherOptions
            ? options
            : options.stream().filter(o -> !o.startsWith("--add-opens")).toList());
    cmd.addAll(
        List.of(
            "-D" + CardSettings.READER_PROPERTY + "=0",
            "-cp",
            JpkiProcess.CLASS_PATH,
            PinMemoryChild.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("JPKI_") || k.equals("SSH_ASKPASS"));
    Process child = pb.start();
    try {
      OutputStream in = child.getOutputStream();
      if (stdin != null) {
        in.write((stdin + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
      }
      String done = firstLine(child.getInputStream(), "done ");
      assertNotNull(done, () -> what + ": no 'done' line; stderr:\n" + read(dir.resolve("err")));
      assertEquals(
          "done " + ExitCodes.OK, done, () -> what + " failed:\n" + read(dir.resolve("err")));
      if (launcherOptions) {
        // Java 24 and later warn on stderr about JNA's native access unless the options allow it
        String err = read(dir.resolve("err"));
        assertFalse(err.contains("WARNING:"), () -> what + " warned:\n" + err);
      }
      PinTraces heap = PinTraces.inHeapDump(child.pid(), dir.resolve("child.hprof"), SIGN_PIN);
      long[] bytes = new long[1];
      PinTraces memory = PinTraces.inProcess(child.pid(), SIGN_PIN, bytes);
      System.out.printf(
          "%s: heap dump (-all) %s; process memory (%d MB read) %s%n",
          what, heap, bytes[0] >> 20, memory);
      in.write('\n');
      in.flush();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), what + " did not end");
      return heap.plus(memory);
    } finally {
      PcscStack.stop(child);
    }
  }

  /** The {@code cli=} options of the launchers, from the one file that holds them. */
  private static List<String> cliOptions() throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(OPTIONS_RESOURCE)) {
      assertNotNull(in, OPTIONS_RESOURCE);
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("cli=")) {
          return List.of(line.substring(4).strip().split("\\s+"));
        }
      }
    }
    throw new AssertionError("no cli= line in " + OPTIONS_RESOURCE);
  }

  // The first line of the child's output starting with prefix, read on a thread of its own so
  // that a child that hangs fails the test within its timeout instead of blocking it.
  private static String firstLine(InputStream out, String prefix) throws InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  if (line.startsWith(prefix)) {
                    lines.add(line);
                  }
                }
              } catch (IOException e) {
                // the child ended
              }
              lines.add("");
            },
            "child-stdout");
    reader.setDaemon(true);
    reader.start();
    String line = lines.poll(120, TimeUnit.SECONDS);
    return line == null || line.isEmpty() ? null : line;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + ": " + e + ")";
    }
  }
}
