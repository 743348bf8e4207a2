package io.github.jpki4j.pin;

import java.awt.Color;
import java.awt.Dialog;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextArea;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.WindowConstants;
import javax.swing.text.GapContent;
import javax.swing.text.PlainDocument;

/**
 * The Swing side of {@link DialogPinSource}, in a class of its own so that AWT is loaded only when
 * a dialog is shown. Builds, shows and disposes one dialog on the event dispatch thread.
 *
 * <p>Component names, for tools and tests that read the dialog: {@value #ERROR}, {@value
 * #DESCRIPTION}, {@value #PROMPT}, {@value #FIELD}, {@value #OK}, {@value #CANCEL}.
 */
final class PinDialog {
  static final String ERROR = "jpki.pin.error";
  static final String DESCRIPTION = "jpki.pin.description";
  static final String PROMPT = "jpki.pin.prompt";
  static final String FIELD = "jpki.pin.field";
  static final String OK = "jpki.pin.ok";
  static final String CANCEL = "jpki.pin.cancel";

  // Room for any PIN without the buffer growing (a grown buffer would leave a copy behind).
  private static final int BUFFER = 256;

  private enum Outcome {
    ANSWERED,
    CANCELLED,
    TIMED_OUT
  }

  private final PinRequest request;
  private final Duration timeout;
  private Outcome outcome = Outcome.CANCELLED;
  private char[] pin;

  private PinDialog(PinRequest request, Duration timeout) {
    this.request = request;
    this.timeout = timeout;
  }

  static char[] ask(PinRequest request, Duration timeout) throws PinEntryException {
    if (GraphicsEnvironment.isHeadless()) {
      throw new PinEntryException(
          "no display to show the PIN dialog on (java.awt.headless is"
              + " set, or DISPLAY is not)");
    }
    PinDialog dialog = new PinDialog(request, timeout);
    try {
      if (SwingUtilities.isEventDispatchThread()) {
        dialog.show();
      } else {
        SwingUtilities.invokeAndWait(dialog::show);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinEntryException("interrupted while the PIN dialog was open");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new PinEntryException("the PIN dialog could not be shown: " + cause, cause);
    }
    switch (dialog.outcome) {
      case ANSWERED:
        return dialog.pin;
      case TIMED_OUT:
        throw new PinEntryException(
            "nobody answered the PIN dialog within " + ChildProcess.describe(timeout));
      default:
        throw new PinEntryException("PIN entry cancelled", true);
    }
  }

  // On the event dispatch thread: returns when the dialog has closed.
  private void show() {
    String title =
        request.title() == null || request.title().isBlank() ? "jpki4j" : request.title();
    JDialog dialog = new JDialog((Window) null, title, Dialog.ModalityType.APPLICATION_MODAL);
    WipingContent content = new WipingContent();
    JPasswordField field = new JPasswordField(new PlainDocument(content), null, 16);
    Timer timer =
        new Timer(
            (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
            e -> {
              outcome = Outcome.TIMED_OUT;
              dialog.dispose();
            });
    try {
      build(dialog, field);
      timer.setRepeats(false);
      timer.start();
      dialog.setVisible(true); // modal: returns once the dialog is disposed
    } finally {
      timer.stop();
      content.wipe();
      dialog.dispose();
    }
  }

  private void build(JDialog dialog, JPasswordField field) {
    dialog.setAlwaysOnTop(true);
    dialog.setResizable(false);
    dialog.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);

    JPanel panel = new JPanel(new GridBagLayout());
    panel.setBorder(BorderFactory.createEmptyBorder(12, 14, 10, 14));
    GridBagConstraints c = new GridBagConstraints();
    c.gridx = 0;
    c.gridy = 0;
    c.gridwidth = 2;
    c.anchor = GridBagConstraints.WEST;
    c.fill = GridBagConstraints.HORIZONTAL;
    c.insets = new Insets(0, 0, 8, 0);

    if (request.error() != null && !request.error().isBlank()) {
      JLabel error = new JLabel(request.error().strip());
      error.setName(ERROR);
      error.setForeground(new Color(0xB0, 0x00, 0x20));
      error.setFont(error.getFont().deriveFont(Font.BOLD));
      panel.add(error, c);
      c.gridy++;
    }
    if (request.description() != null && !request.description().isBlank()) {
      JTextArea description = new JTextArea(request.description().strip(), 0, 36);
      description.setName(DESCRIPTION);
      description.setLineWrap(true);
      description.setWrapStyleWord(true);
      description.setEditable(false);
      description.setFocusable(false);
      description.setOpaque(false);
      description.setBorder(null);
      Font labelFont = UIManager.getFont("Label.font");
      if (labelFont != null) {
        description.setFont(labelFont);
      }
      panel.add(description, c);
      c.gridy++;
    }

    JLabel prompt = new JLabel(request.prompt().strip());
    prompt.setName(PROMPT);
    prompt.setLabelFor(field);
    c.gridwidth = 1;
    c.fill = GridBagConstraints.NONE;
    c.insets = new Insets(0, 0, 8, 8);
    panel.add(prompt, c);
    field.setName(FIELD);
    c.gridx = 1;
    c.weightx = 1;
    c.fill = GridBagConstraints.HORIZONTAL;
    c.insets = new Insets(0, 0, 8, 0);
    panel.add(field, c);

    JButton ok = new JButton("OK");
    ok.setName(OK);
    ok.addActionListener(
        e -> {
          pin = field.getPassword();
          outcome = Outcome.ANSWERED;
          dialog.dispose();
        });
    JButton cancel = new JButton("Cancel");
    cancel.setName(CANCEL);
    cancel.addActionListener(e -> cancel(dialog));
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
    buttons.add(ok);
    buttons.add(cancel);
    c.gridx = 0;
    c.gridy++;
    c.gridwidth = 2;
    c.weightx = 0;
    c.insets = new Insets(4, 0, 0, 0);
    panel.add(buttons, c);

    dialog.setContentPane(panel);
    dialog.getRootPane().setDefaultButton(ok); // Enter answers
    dialog
        .getRootPane()
        .getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW)
        .put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "cancel");
    dialog
        .getRootPane()
        .getActionMap()
        .put(
            "cancel",
            new AbstractAction() {
              private static final long serialVersionUID = 1L;

              @Override
              public void actionPerformed(ActionEvent e) {
                cancel(dialog);
              }
            });
    dialog.addWindowListener(
        new WindowAdapter() {
          @Override
          public void windowClosing(WindowEvent e) {
            cancel(dialog);
          }

          @Override
          public void windowOpened(WindowEvent e) {
            dialog.toFront();
            field.requestFocusInWindow();
          }
        });
    dialog.pack();
    dialog.setLocationRelativeTo(null);
  }

  private void cancel(JDialog dialog) {
    outcome = Outcome.CANCELLED;
    if (pin != null) {
      Arrays.fill(pin, '\0');
      pin = null;
    }
    dialog.dispose();
  }

  /** The field's buffer, zeroed once the dialog is done with it. */
  private static final class WipingContent extends GapContent {
    private static final long serialVersionUID = 1L;

    WipingContent() {
      super(BUFFER);
    }

    void wipe() {
      if (getArray() instanceof char[] chars) {
        Arrays.fill(chars, '\0');
      }
    }
  }
}
