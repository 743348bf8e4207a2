package io.github.jpki4j.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Counts the traces a PIN leaves in bytes: a heap dump's file ({@link #inHeapDump}: the JVM's heap
 * with its unreachable objects) or a live process's memory ({@link #inProcess}: {@code
 * /proc/PID/mem}, region by region from {@code /proc/PID/maps}). The tests that prove a process
 * holds no PIN after a login share it (the agent's, the CLI's, the provider's).
 *
 * <p>What counts as a trace, for a PIN {@code p} (4 digits, or a signature password):
 *
 * <ul>
 *   <li>{@link #verifyCommands}: the whole VERIFY command, {@code 00 20 00 80}, its length and the
 *       PIN's ASCII bytes, what {@code javax.smartcardio.CommandAPDU} and its copies hold;
 *   <li>{@link #nearVerifyHeader}: the PIN's ASCII bytes within 16 bytes after a VERIFY header
 *       {@code 00 20 00 80} (any CLA channel bits, Lc form or buffer layout);
 *   <li>{@link #assuanLines}: pinentry's answer {@code D p};
 *   <li>{@link #utf16}: the PIN as UTF-16 (a {@code char[]} or a String in memory, little-endian;
 *       in a heap dump, big-endian), not next to another digit;
 *   <li>{@link #ascii}: the bare ASCII bytes, not next to a digit. Four digits also occur by chance
 *       (numbers in text, class files), so for an auth PIN this count is only reported; a signature
 *       password of letters and digits occurs nowhere by chance, and a test may assert it.
 * </ul>
 */
public record PinTraces(
    long verifyCommands, long nearVerifyHeader, long assuanLines, long utf16, long ascii) {
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern DASH = Pattern.compile("-");
  private static final int CHUNK = 4 << 20;
  private static final int OVERLAP = 64;
  private static final byte[] VERIFY_HEADER = {0x00, 0x20, 0x00, (byte) 0x80};

  /** The sum of the counts that must be zero: all but the bare ASCII digits. */
  public long secrets() {
    return verifyCommands + nearVerifyHeader + assuanLines + utf16;
  }

  /** The counts of both. */
  public PinTraces plus(PinTraces o) {
    return new PinTraces(
        verifyCommands + o.verifyCommands,
        nearVerifyHeader + o.nearVerifyHeader,
        assuanLines + o.assuanLines,
        utf16 + o.utf16,
        ascii + o.ascii);
  }

  /**
   * The traces of {@code pin} in a heap dump of the running JVM {@code pid} that keeps its
   * unreachable objects ({@code jcmd PID GC.heap_dump -all FILE}, with this JVM's {@code jcmd});
   * the dump is deleted after the scan.
   *
   * @param file where the dump goes (must not exist)
   */
  public static PinTraces inHeapDump(long pid, Path file, String pin)
      throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      TestProcess.of(jcmd.toString(), Long.toString(pid), "GC.heap_dump", "-all", file.toString())
          .timeout(Duration.ofSeconds(120))
          .run()
          .assertOk("jcmd " + pid + " GC.heap_dump -all");
      return inFile(file, pin);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The traces of {@code pin} in a file, e.g. an HPROF heap dump. */
  public static PinTraces inFile(Path file, String pin) throws IOException {
    Scanner s = new Scanner(pin);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[CHUNK + OVERLAP];
      int carried = 0;
      while (true) {
        int n = in.readNBytes(buf, carried, CHUNK);
        int len = carried + n;
        boolean last = n < CHUNK;
        int scanTo = last ? len : Math.max(0, len - OVERLAP);
        s.scan(buf, len, scanTo);
        if (last) {
          break;
        }
        carried = len - scanTo;
        System.arraycopy(buf, scanTo, buf, 0, carried);
      }
    }
    return s.result();
  }

  /**
   * The traces of {@code pin} in a running process's memory: every readable region of {@code
   * /proc/PID/maps} except the kernel's ({@code [vvar]}, {@code [vsyscall]}) and read-only mappings
   * of files (code and data as they are on disk). Needs the right to trace the process.
   *
   * @return the traces, and the bytes read in {@code bytesRead[0]}
   */
  public static PinTraces inProcess(long pid, String pin, long[] bytesRead) throws IOException {
    Scanner s = new Scanner(pin);
    List<String> maps = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
    try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
      byte[] buf = new byte[CHUNK + OVERLAP];
      for (String line : maps) {
        String[] f = SPACES.split(line.trim(), 6);
        String perms = f[1];
        String name = f.length > 5 ? f[5] : "";
        boolean fileReadOnly = name.startsWith("/") && perms.charAt(1) != 'w';
        if (perms.charAt(0) != 'r'
            || fileReadOnly
            || name.equals("[vvar]")
            || name.equals("[vsyscall]")
            || name.equals("[vvar_vclock]")) {
          continue;
        }
        String[] range = DASH.split(f[0]);
        long start = Long.parseUnsignedLong(range[0], 16);
        long end = Long.parseUnsignedLong(range[1], 16);
        for (long at = start; at < end; at += CHUNK) {
          int len = (int) Math.min(CHUNK + OVERLAP, end - at);
          try {
            mem.seek(at);
            mem.readFully(buf, 0, len);
          } catch (IOException e) {
            break; // a region that went away or cannot be read (guard pages)
          }
          bytesRead[0] += Math.min(CHUNK, len);
          s.scan(buf, len, Math.min(CHUNK, len));
        }
      }
    }
    return s.result();
  }

  private static final class Scanner {
    private final byte[] verify;
    private final byte[] ascii;
    private final byte[] assuan;
    private final byte[] utf16le;
    private final byte[] utf16be;
    private long verifyCommands;
    private long nearHeader;
    private long assuanLines;
    private long utf16;
    private long asciiCount;

    Scanner(String pin) {
      ascii = pin.getBytes(StandardCharsets.US_ASCII);
      verify = new byte[5 + ascii.length];
      System.arraycopy(VERIFY_HEADER, 0, verify, 0, 4);
      verify[4] = (byte) ascii.length;
      System.arraycopy(ascii, 0, verify, 5, ascii.length);
      assuan = ("D " + pin).getBytes(StandardCharsets.US_ASCII);
      utf16le = pin.getBytes(StandardCharsets.UTF_16LE);
      utf16be = pin.getBytes(StandardCharsets.UTF_16BE);
    }

    /**
     * Counts matches that start before {@code scanTo}; bytes up to {@code len} may complete one.
     */
    void scan(byte[] b, int len, int scanTo) {
      for (int i = 0; i < scanTo; i++) {
        if (at(b, len, i, verify)) {
          verifyCommands++;
        }
        if (at(b, len, i, VERIFY_HEADER)) {
          for (int j = i + 4; j < Math.min(len, i + 4 + 16); j++) {
            if (at(b, len, j, ascii)) {
              nearHeader++;
              break;
            }
          }
        }
        if (at(b, len, i, assuan)) {
          assuanLines++;
        }
        if (at(b, len, i, utf16le) && !digit(b, len, i - 2) && !digit(b, len, i + utf16le.length)) {
          utf16++;
        }
        if (at(b, len, i, utf16be)
            && !digit(b, len, i - 1)
            && !digit(b, len, i + utf16be.length + 1)) {
          utf16++;
        }
        if (at(b, len, i, ascii) && !digit(b, len, i - 1) && !digit(b, len, i + ascii.length)) {
          asciiCount++;
        }
      }
    }

    PinTraces result() {
      return new PinTraces(verifyCommands, nearHeader, assuanLines, utf16, asciiCount);
    }

    private static boolean at(byte[] b, int len, int i, byte[] p) {
      if (i < 0 || i + p.length > len || b[i] != p[0]) {
        return false;
      }
      for (int k = 1; k < p.length; k++) {
        if (b[i + k] != p[k]) {
          return false;
        }
      }
      return true;
    }

    private static boolean digit(byte[] b, int len, int i) {
      return i >= 0 && i < len && b[i] >= '0' && b[i] <= '9';
    }
  }
}
