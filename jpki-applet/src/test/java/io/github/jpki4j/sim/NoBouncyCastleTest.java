package io.github.jpki4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.licel.jcardsim.smartcardio.CardSimulator;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading an existing persistent card needs the JDK and jcardsim only, not BouncyCastle. */
class NoBouncyCastleTest {
  @Test
  void openingAnExistingCardLoadsNoBouncyCastleClass(@TempDir Path dir) throws Exception {
    VirtualCard.open(dir).close(); // creation generates with BouncyCastle, here

    URL classes = VirtualCard.class.getProtectionDomain().getCodeSource().getLocation();
    URL jcardsim = CardSimulator.class.getProtectionDomain().getCodeSource().getLocation();
    List<String> refused = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes, jcardsim}, ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.bouncycastle.")) {
              refused.add(name);
              throw new ClassNotFoundException(name);
            }
            if (name.startsWith("io.github.jpki4j.")) {
              ours.add(name);
            }
            return super.loadClass(name, resolve);
          }
        }) {
      Class<?> type = loader.loadClass(VirtualCard.class.getName());
      Object card = type.getMethod("open", Path.class).invoke(null, dir);
      Method transmit = type.getMethod("transmit", byte[].class);
      byte[] ok = {(byte) 0x90, 0};
      assertArrayEquals(
          ok,
          (byte[])
              transmit.invoke(
                  card, (Object) HexFormat.of().parseHex("00A4040C0AD392F000260100000001")));
      assertArrayEquals(
          ok, (byte[]) transmit.invoke(card, (Object) HexFormat.of().parseHex("00A4020C02000A")));
      byte[] cert =
          (byte[]) transmit.invoke(card, (Object) HexFormat.of().parseHex("00B00000000000"));
      assertEquals(TestIdentity.defaultIdentity().authCertificateDer().length + 2, cert.length);
      type.getMethod("close").invoke(card);
    }
    assertEquals(List.of(), refused);
    assertTrue(ours.contains(VirtualCard.class.getName()));
    assertTrue(!ours.contains(IdentityGenerator.class.getName()), ours.toString());
  }
}
