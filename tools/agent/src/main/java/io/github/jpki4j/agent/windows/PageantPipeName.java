package io.github.jpki4j.agent.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The name of the pipe PuTTY 0.75 and later look for first: {@code \\.\pipe\pageant.USER.SUFFIX},
 * derived the way PuTTY's {@code agent_named_pipe_name} derives it, so that PuTTY, plink, pscp,
 * WinSCP and the rest find this agent where they look for Pageant.
 *
 * <p>The steps, each one a method here:
 *
 * <ol>
 *   <li>{@link #userPart}: the user principal name up to its first {@code @}, or the logon name
 *       when the account has no principal name (PuTTY's {@code get_username}).
 *   <li>{@link #paddedBlock}: the fixed string {@code "Pageant"}, its terminating NUL, and zeros up
 *       to a multiple of 16 bytes ({@code CRYPTPROTECTMEMORY_BLOCK_SIZE}): 16 bytes.
 *   <li>{@code CryptProtectMemory(block, CRYPTPROTECTMEMORY_CROSS_PROCESS)}, done by the {@link
 *       Win32} layer; the result is the same in every process of the user until the next boot. If
 *       the call fails, PuTTY goes on with the block as it was, and so does this class.
 *   <li>{@link #hashPreimage}: the protected block as an SSH string, a 4-byte big-endian length
 *       (16) first. (PuTTY hashed the bare bytes for a while in 2021 and put the length back before
 *       0.75, commit fdfad6ad, "Fix accidental change to connshare pipe naming"; every released
 *       PuTTY hashes the length.)
 *   <li>{@link #suffix}: SHA-256 of that, in 64 lower-case hex digits.
 *   <li>{@link #pipeName}: {@code \\.\pipe\pageant.} + user + {@code .} + suffix.
 * </ol>
 *
 * <p>PuTTY makes these calls in their ANSI forms; a user name with characters outside the ANSI code
 * page reaches PuTTY's pipe name as {@code ?}, and this class does not imitate that.
 */
public final class PageantPipeName {
  /** The string PuTTY protects and hashes for the agent's pipe. */
  public static final String OBFUSCATED = "Pageant";

  /** {@code CRYPTPROTECTMEMORY_BLOCK_SIZE}. */
  static final int BLOCK_SIZE = 16;

  private PageantPipeName() {}

  /**
   * Derives the pipe name for the user this process runs as.
   *
   * @param log told when CryptProtectMemory failed and the unprotected block was hashed
   */
  public static String derive(Win32 win32, Consumer<String> log) throws IOException {
    String user = userPart(win32.userPrincipalName(), win32.userName());
    byte[] block = paddedBlock(OBFUSCATED);
    byte[] protectedBlock;
    try {
      protectedBlock = win32.protectMemoryCrossProcess(block);
    } catch (IOException e) {
      log.accept(
          "CryptProtectMemory failed ("
              + e.getMessage()
              + "); the Pageant pipe name is"
              + " derived from the unprotected string, as PuTTY does in that case");
      protectedBlock = block;
    }
    return pipeName(user, suffix(protectedBlock));
  }

  /**
   * PuTTY's user name: the principal name up to (not including) its first {@code @} when there is
   * one, else the logon name.
   *
   * @param principalName {@code GetUserNameEx(NameUserPrincipal)}, or {@code null}
   * @param logonName {@code GetUserName}
   */
  static String userPart(String principalName, String logonName) {
    if (principalName != null) {
      int at = principalName.indexOf('@');
      return at < 0 ? principalName : principalName.substring(0, at);
    }
    return logonName;
  }

  /**
   * The string's bytes, a NUL, and zeros up to the next multiple of {@value #BLOCK_SIZE} bytes (a
   * string of exactly 15 bytes takes one block; one of 16 takes two, its NUL needing room).
   */
  static byte[] paddedBlock(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    int withNul = bytes.length + 1;
    int padded = (withNul + BLOCK_SIZE - 1) / BLOCK_SIZE * BLOCK_SIZE;
    return Arrays.copyOf(bytes, padded);
  }

  /** What PuTTY hashes: a 4-byte big-endian length, then the bytes (an SSH string). */
  static byte[] hashPreimage(byte[] protectedBlock) {
    return ByteBuffer.allocate(4 + protectedBlock.length)
        .putInt(protectedBlock.length)
        .put(protectedBlock)
        .array();
  }

  /** SHA-256 of the {@link #hashPreimage}, as 64 lower-case hex digits. */
  static String suffix(byte[] protectedBlock) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(hashPreimage(protectedBlock));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** {@code \\.\pipe\pageant.USER.SUFFIX}. */
  static String pipeName(String user, String suffix) {
    return PipeNames.PREFIX + "pageant." + user + "." + suffix;
  }
}
