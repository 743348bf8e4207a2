package io.github.jpki4j.agent.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PuTTY 0.75 and later look for {@code \\.\pipe\pageant.USER.SUFFIX} before anything else; the
 * agent is found only if every step of the derivation matches PuTTY's. There is no fixed test
 * vector for a whole name (the protected bytes differ per user and boot), so each step is checked
 * on its own, against values computed outside this code (Python's hashlib, for the digests).
 */
class PageantPipeNameTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theProtectedStringIsPageantWithItsNulPaddedToOneSixteenByteBlock() {
    // strlen("Pageant") + 1 = 8, rounded up to CRYPTPROTECTMEMORY_BLOCK_SIZE = 16
    assertEquals(
        "5061676561 6e7400 0000000000000000".replace(" ", ""),
        HEX.formatHex(PageantPipeName.paddedBlock(PageantPipeName.OBFUSCATED)));
  }

  @Test
  void paddingAlwaysLeavesRoomForTheNul() {
    assertEquals(16, PageantPipeName.paddedBlock("x".repeat(15)).length);
    assertEquals(32, PageantPipeName.paddedBlock("x".repeat(16)).length);
    assertEquals(16, PageantPipeName.paddedBlock("").length);
  }

  @Test
  void theHashCoversTheProtectedBlockAsAnSshStringWithItsLengthFirst() {
    byte[] block = new byte[16];
    for (int i = 0; i < 16; i++) {
      block[i] = (byte) i;
    }
    assertArrayEquals(
        HEX.parseHex("00000010000102030405060708090a0b0c0d0e0f"),
        PageantPipeName.hashPreimage(block));
    // sha256(00000010 || 00..0f), not sha256(00..0f) = be45cb26…, which only PuTTY's 2021
    // development snapshots used
    assertEquals(
        "c439a3843ed50b618469844284e929fc9de79c221380274aa313b841feb1b8b1",
        PageantPipeName.suffix(block));
  }

  @Test
  void theSuffixIsSixtyFourLowerCaseHexDigits() {
    String suffix = PageantPipeName.suffix(new byte[16]);
    assertTrue(suffix.matches("[0-9a-f]{64}"), suffix);
  }

  @Test
  void theUserIsThePrincipalNameUpToItsAtSignElseTheLogonName() {
    assertEquals("alice", PageantPipeName.userPart("alice@corp.example", "ALICE-PC$"));
    assertEquals("alice.smith", PageantPipeName.userPart("alice.smith@a@b", "x"));
    assertEquals("bob", PageantPipeName.userPart(null, "bob"));
    assertEquals("日本太郎", PageantPipeName.userPart(null, "日本太郎"));
  }

  @Test
  void theNameIsPageantDotUserDotSuffixUnderTheLocalPipeNamespace() {
    assertEquals("\\\\.\\pipe\\pageant.alice.0123", PageantPipeName.pipeName("alice", "0123"));
  }

  @Test
  void deriveProtectsThePaddedBlockCrossProcessAndHashesWhatWindowsReturned() throws Exception {
    List<byte[]> protectedInputs = new ArrayList<>();
    FakeWin32 win32 = new FakeWin32();
    win32.principalName = "alice@corp.example";
    win32.protect =
        data -> {
          protectedInputs.add(data.clone());
          byte[] out = new byte[data.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = (byte) i; // what "Windows" returns: 00..0f
          }
          return out;
        };
    String name = PageantPipeName.derive(win32, line -> {});
    assertEquals(1, protectedInputs.size());
    assertArrayEquals(
        "Pageant\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII), protectedInputs.get(0));
    assertEquals(
        "\\\\.\\pipe\\pageant.alice."
            + "c439a3843ed50b618469844284e929fc9de79c221380274aa313b841feb1b8b1",
        name);
  }

  @Test
  void whenCryptProtectMemoryFailsTheUnprotectedBlockIsHashedAsPuttyDoes() throws Exception {
    FakeWin32 win32 = new FakeWin32();
    win32.principalName = null;
    win32.logonName = "bob";
    win32.protect =
        data -> {
          throw new IOException("CryptProtectMemory failed");
        };
    List<String> log = new ArrayList<>();
    String name = PageantPipeName.derive(win32, log::add);
    // sha256(00000010 || "Pageant" 00 × 9), computed with Python's hashlib
    assertEquals(
        "\\\\.\\pipe\\pageant.bob."
            + "2e9e7389b30cd8240bf15518e9a228d6537dc38d64b2070a189ca2fe5452d492",
        name);
    assertEquals(1, log.size());
    assertTrue(log.get(0).contains("CryptProtectMemory failed"), log.get(0));
  }
}
