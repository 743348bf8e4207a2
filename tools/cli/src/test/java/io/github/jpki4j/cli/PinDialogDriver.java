package io.github.jpki4j.cli;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.agent.CardWorker;
import io.github.jpki4j.agent.JpkiAgentBackend;
import io.github.jpki4j.apdu.ApduTransport;
import io.github.jpki4j.apdu.ForwardingTransport;
import io.github.jpki4j.apdu.TransportException;
import io.github.jpki4j.jpki.JpkiPin;
import io.github.jpki4j.jpki.PinStatus;
import io.github.jpki4j.jpki.ReadMode;
import io.github.jpki4j.pin.DialogPinSource;
import io.github.jpki4j.pin.PinEntryException;
import io.github.jpki4j.pin.PinRequest;
import io.github.jpki4j.pin.PinSource;
import io.github.jpki4j.pin.PinSources;
import io.github.jpki4j.sim.TestIdentity;
import io.github.jpki4j.sim.VirtualCard;
import io.github.jpki4j.ssh.RsaSshPublicKey;
import io.github.jpki4j.ssh.SshSignature;
import io.github.jpki4j.ssh.agent.AgentRefusedException;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPasswordField;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * Run by {@link PinDialogXvfbTest} in a JVM of its own on an Xvfb display: the agent's PIN source
 * as {@link PinSources} picks it with no pinentry and no askpass, the agent's backend on a
 * simulated card, and {@link Robot} as the user. Prints one {@code ok:} line per check and exits 0;
 * any failed check ends it with an exception (exit 1).
 *
 * <p>Everything that touches AWT lives in {@link Ui}, loaded only after the marker class {@link
 * BeforeFirstPrompt}; the JVM's class-loading log then shows whether any AWT class came before it.
 */
public final class PinDialogDriver {
  static final long SEED = 0x61_67_65_6E_74L;
  static final byte[] DATA = "ssh userauth request".getBytes(StandardCharsets.US_ASCII);

  private PinDialogDriver() {}

  /** Loaded right before the first prompt: its line in the class-loading log is the marker. */
  static final class BeforeFirstPrompt {
    static void mark() {
      System.out.println("ok: the agent is up and has listed the key; no PIN asked yet");
    }
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("FAILED: " + what);
    }
    System.out.println("ok: " + what);
  }

  static long rssKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    Path screenshot = Path.of(args[0]);
    Map<String, String> env = Map.of("DISPLAY", System.getenv("DISPLAY"), "PATH", "/nonexistent");
    PinSource source = new PinSources(env).forAgent(null);
    check(
        source instanceof DialogPinSource,
        "with no pinentry and no SSH_ASKPASS, the agent asks through the dialog");

    VirtualCard card = VirtualCard.create(TestIdentity.generate(SEED));
    AtomicInteger verifies = new AtomicInteger();
    CardSource terminal = CardSource.of(card.terminal(), Duration.ZERO);
    CardSource counting =
        new CardSource() {
          @Override
          public ApduTransport connect() throws IOException {
            return new ForwardingTransport(terminal.connect()) {
              @Override
              public javax.smartcardio.ResponseAPDU transmit(javax.smartcardio.CommandAPDU c)
                  throws TransportException {
                if (c.getINS() == 0x20 && c.getNc() > 0) {
                  verifies.incrementAndGet(); // a VERIFY that carries a PIN
                }
                return inner.transmit(c);
              }
            };
          }
        };
    CardWorker worker =
        new CardWorker(counting, ReadMode.SHORT, line -> {}, Duration.ofSeconds(120));
    JpkiAgentBackend backend =
        new JpkiAgentBackend(
            worker, source, false, line -> System.out.println("agent: " + line), line -> {});
    byte[] blob = backend.identities().get(0).keyBlob().toByteArray();
    long before = rssKiB();
    BeforeFirstPrompt.mark();
    try {
      Ui.rounds(backend, blob, verifies, card, source, screenshot);
      System.out.println(
          "rss: " + before + " KiB before the first dialog, " + rssKiB() + " KiB after four");
    } finally {
      worker.close();
      card.close();
    }
    System.exit(0); // AWT's threads would keep the JVM alive
  }

  /** The user, and what the user sees. */
  static final class Ui {
    private static final String FIELD = "jpki.pin.field";
    private static final ExecutorService CLIENT =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ssh-client");
              t.setDaemon(true);
              return t;
            });

    private Ui() {}

    static void rounds(
        JpkiAgentBackend backend,
        byte[] blob,
        AtomicInteger verifies,
        VirtualCard card,
        PinSource source,
        Path screenshot)
        throws Exception {
      Robot robot = new Robot();
      robot.setAutoDelay(30);
      Callable<byte[]> sign = () -> backend.sign(blob, DATA, 4);

      // 1. Two digits typed, then Cancel clicked with the mouse: the request is refused and the
      //    card sees no VERIFY.
      Future<byte[]> request = CLIENT.submit(sign);
      JDialog dialog = awaitDialog();
      Map<String, String> shown = texts(dialog);
      check(onEdt(dialog::isModal) && onEdt(dialog::isAlwaysOnTop), "modal and on top");
      check(
          shown.get("jpki.pin.description").contains("auth PIN (4 digits)"),
          "says which PIN: " + shown.get("jpki.pin.description"));
      check(shown.get("jpki.pin.description").contains("3 of 3 tries left"), "shows the tries");
      check("Auth PIN:".equals(shown.get("jpki.pin.prompt")), "the prompt");
      check(!shown.containsKey("jpki.pin.error"), "no error on a first attempt");
      focus(robot, dialog);
      type(robot, "12");
      JPasswordField field = (JPasswordField) find(dialog, FIELD);
      check(onEdt(() -> field.getPassword().length) == 2, "what was typed reached the field");
      check(onEdt(field::getEchoChar) != 0, "the field is masked");
      click(robot, find(dialog, "jpki.pin.cancel"));
      refused(request, "Cancel refuses the request");
      check(verifies.get() == 0, "Cancel sent no VERIFY");
      check(card.pinState().authTriesLeft() == 3, "Cancel cost no try");
      awaitGone(dialog);

      // 2. A wrong PIN and Enter: one VERIFY, one try spent, the request refused.
      request = CLIENT.submit(sign);
      dialog = awaitDialog();
      focus(robot, dialog);
      type(robot, "9999");
      key(robot, KeyEvent.VK_ENTER);
      refused(request, "a wrong PIN refuses the request");
      check(verifies.get() == 1, "Enter sent one VERIFY");
      check(card.pinState().authTriesLeft() == 2, "the wrong PIN cost one try");
      awaitGone(dialog);

      // 3. The next dialog says what went wrong, in red; the right PIN and OK sign.
      request = CLIENT.submit(sign);
      dialog = awaitDialog();
      shown = texts(dialog);
      check(
          "Wrong PIN: 2 tries left".equals(shown.get("jpki.pin.error")),
          "the previous error is shown: " + shown.get("jpki.pin.error"));
      check(
          shown.get("jpki.pin.description").contains("2 of 3 tries left"),
          "the tries left after it");
      focus(robot, dialog);
      type(robot, "1234");
      JDialog third = dialog;
      check(onEdt(() -> field(third).getPassword().length) == 4, "four digits typed");
      // the screen shows the dialog once X has painted it: capture until it does (bounded)
      Rectangle bounds =
          onEdt(
              () -> {
                Point p = third.getLocationOnScreen();
                return new Rectangle(p, third.getSize());
              });
      BufferedImage shot = robot.createScreenCapture(bounds);
      long paintDeadline = System.nanoTime() + 20_000_000_000L;
      while (redPixels(shot) <= 20 && System.nanoTime() < paintDeadline) {
        robot.waitForIdle();
        shot = robot.createScreenCapture(bounds);
      }
      ImageIO.write(shot, "png", screenshot.toFile());
      check(
          redPixels(shot) > 20,
          "the screenshot shows the error in red ("
              + redPixels(shot)
              + " red pixels; "
              + screenshot
              + ")");
      click(robot, find(dialog, "jpki.pin.ok"));
      byte[] signature = request.get(60, TimeUnit.SECONDS);
      check(
          SshSignature.parse(signature)
              .verify(RsaSshPublicKey.of(TestIdentity.generate(SEED).authPublicKey()), DATA),
          "OK signs, and the signature verifies");
      check(verifies.get() == 2, "OK sent one VERIFY");
      check(card.pinState().authTriesLeft() == 3, "the right PIN reset the counter");
      awaitGone(dialog);

      // 4. The CLI with --allow-last-try and no terminal: the warning is shown; Escape cancels.
      PinStatus last = new PinStatus(JpkiPin.AUTH, 1);
      Future<char[]> pin =
          CLIENT.submit(
              () -> source.readPin(PinRequest.described(PinPrompter.policy(true).promptFor(last))));
      dialog = awaitDialog();
      shown = texts(dialog);
      check(
          shown.get("jpki.pin.prompt").contains("LAST TRY: a wrong entry blocks it"),
          "the last-try warning is shown: " + shown.get("jpki.pin.prompt"));
      focus(robot, dialog);
      key(robot, KeyEvent.VK_ESCAPE);
      try {
        pin.get(60, TimeUnit.SECONDS);
        check(false, "Escape cancels");
      } catch (ExecutionException e) {
        check(
            e.getCause() instanceof PinEntryException p && p.cancelled(),
            "Escape cancels (" + e.getCause() + ")");
      }
      check(verifies.get() == 2, "no VERIFY after Escape");
    }

    private static JPasswordField field(JDialog dialog) {
      return (JPasswordField) find(dialog, FIELD);
    }

    private static void refused(Future<byte[]> request, String what) throws Exception {
      try {
        request.get(60, TimeUnit.SECONDS);
        check(false, what);
      } catch (ExecutionException e) {
        check(e.getCause() instanceof AgentRefusedException, what + " (" + e.getCause() + ")");
      }
    }

    static <T> T onEdt(Callable<T> c) throws Exception {
      AtomicReference<T> result = new AtomicReference<>();
      AtomicReference<Exception> failure = new AtomicReference<>();
      SwingUtilities.invokeAndWait(
          () -> {
            try {
              result.set(c.call());
            } catch (Exception e) {
              failure.set(e);
            }
          });
      if (failure.get() != null) {
        throw failure.get();
      }
      return result.get();
    }

    static JDialog awaitDialog() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        JDialog d =
            onEdt(
                () -> {
                  for (Window w : Window.getWindows()) {
                    if (w instanceof JDialog j && j.isShowing() && find(j, FIELD) != null) {
                      return j;
                    }
                  }
                  return null;
                });
        if (d != null) {
          return d;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("FAILED: no PIN dialog appeared within 30 s");
    }

    static void awaitGone(JDialog dialog) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (onEdt(dialog::isShowing)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("FAILED: the dialog did not close");
        }
        Thread.sleep(50);
      }
    }

    // The field has the keyboard focus; without a window manager, a click gives it.
    static void focus(Robot robot, JDialog dialog) throws Exception {
      JPasswordField field = field(dialog);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean clicked = false;
      while (!onEdt(field::isFocusOwner)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("FAILED: the PIN field never got the focus");
        }
        if (!clicked && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(8)) {
          click(robot, field);
          clicked = true;
        }
        Thread.sleep(50);
      }
      robot.waitForIdle();
    }

    static void type(Robot robot, String digits) {
      for (char c : digits.toCharArray()) {
        key(robot, KeyEvent.VK_0 + (c - '0'));
      }
      robot.waitForIdle();
    }

    static void key(Robot robot, int code) {
      robot.keyPress(code);
      robot.keyRelease(code);
    }

    static void click(Robot robot, Component c) throws Exception {
      Point p =
          onEdt(
              () -> {
                Point on = c.getLocationOnScreen();
                return new Point(on.x + c.getWidth() / 2, on.y + c.getHeight() / 2);
              });
      robot.mouseMove(p.x, p.y);
      robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
      robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
      robot.waitForIdle();
    }

    static Component find(Container root, String name) {
      for (Component c : root.getComponents()) {
        if (name.equals(c.getName())) {
          return c;
        }
        if (c instanceof Container k) {
          Component found = find(k, name);
          if (found != null) {
            return found;
          }
        }
      }
      return null;
    }

    // The texts the dialog shows, by component name.
    static Map<String, String> texts(JDialog dialog) throws Exception {
      return onEdt(
          () -> {
            Map<String, String> texts = new HashMap<>();
            for (String name :
                List.of(
                    "jpki.pin.error",
                    "jpki.pin.description",
                    "jpki.pin.prompt",
                    "jpki.pin.ok",
                    "jpki.pin.cancel")) {
              Component c = find(dialog, name);
              if (c instanceof JLabel l && l.isShowing()) {
                texts.put(name, l.getText());
              } else if (c instanceof JTextComponent t && t.isShowing()) {
                texts.put(name, t.getText());
              } else if (c instanceof JButton b && b.isShowing()) {
                texts.put(name, b.getText());
              }
            }
            return texts;
          });
    }

    static int redPixels(BufferedImage image) {
      int n = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          Color c = new Color(image.getRGB(x, y));
          if (c.getRed() > 120 && c.getGreen() < 60 && c.getBlue() < 80) {
            n++;
          }
        }
      }
      return n;
    }
  }
}
