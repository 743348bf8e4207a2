package io.github.jpki4j.pin;

import java.io.Console;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The one place that decides whether this process runs on a terminal: standard input and standard
 * output both a terminal, the way {@link System#console()} meant it up to Java 21. On Java 22 to
 * 24, {@code System.console()} returns a console even when the streams are redirected (Java 25
 * returns none again), and {@code Console.isTerminal()} (new in 22) tells; it is looked up once, by
 * a method handle, so this compiles for release 17 and behaves alike on 17 through 25.
 *
 * <p>Every caller asks here: the terminal PIN prompt and its choice, the {@code doctor} and {@code
 * cms sign} questions, {@code cert --format der}'s refusal to print binary, and the pinentry
 * program's {@code ttyname}.
 */
public final class Terminal {
  // Console.isTerminal() on Java 22 and later; null before.
  private static final MethodHandle IS_TERMINAL = isTerminalMethod();

  private Terminal() {}

  /**
   * This process's terminal, or {@code null} when standard input or output is not one.
   *
   * @return the console to ask on, or {@code null}
   */
  // SystemConsoleNull: the null check is right up to Java 21; from 22 on isTerminal() decides.
  @SuppressWarnings("SystemConsoleNull")
  public static Console console() {
    Console console = System.console();
    return console != null && isTerminal(console) ? console : null;
  }

  /** Whether standard input and output are both a terminal. */
  public static boolean present() {
    return console() != null;
  }

  /** Whether this JVM has {@code Console.isTerminal()} (Java 22 and later). */
  static boolean asksTheConsole() {
    return IS_TERMINAL != null;
  }

  private static boolean isTerminal(Console console) {
    if (IS_TERMINAL == null) {
      return true; // before Java 22 there is a console only on a terminal
    }
    try {
      return (boolean) IS_TERMINAL.invokeExact(console);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Console.isTerminal() failed", e); // it declares nothing
    }
  }

  private static MethodHandle isTerminalMethod() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
