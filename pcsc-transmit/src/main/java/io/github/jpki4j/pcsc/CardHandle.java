package io.github.jpki4j.pcsc;

import java.lang.reflect.Field;
import java.util.Optional;
import javax.smartcardio.Card;

/**
 * A connected card's PC/SC handle ({@code SCARDHANDLE}) and active protocol ({@code
 * SCARD_PROTOCOL_T0}/{@code T1}), read from the provider's private fields; the two providers jpki4j
 * uses are known by their class names, so neither is loaded here:
 *
 * <ul>
 *   <li>the JDK's {@code sun.security.smartcardio.CardImpl}: {@code long cardId}, {@code int
 *       protocol}; reachable only when the JVM runs with {@code --add-opens
 *       java.smartcardio/sun.security.smartcardio=ALL-UNNAMED} (jpki's launchers pass it);
 *   <li>jnasmartcardio's {@code Smartcardio$JnaCard} (on the class path, so always reachable):
 *       {@code scardHandle} (a JNA {@code IntegerType}), {@code int protocol}.
 * </ul>
 *
 * @param handle the {@code SCARDHANDLE}
 * @param protocol the protocol the card was connected with
 */
record CardHandle(long handle, int protocol) {
  static final String JDK_CARD = "sun.security.smartcardio.CardImpl";
  static final String JNA_CARD = "jnasmartcardio.Smartcardio$JnaCard";

  /** The fields of a card class, or null when it is not known or they cannot be reached. */
  private static final ClassValue<Field[]> FIELDS =
      new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
          return switch (type.getName()) {
            case JDK_CARD -> fields(type, "cardId", "protocol");
            case JNA_CARD -> fields(type, "scardHandle", "protocol");
            default -> null;
          };
        }
      };

  /**
   * The handle of {@code card}, or empty for another provider's card, or when its fields cannot be
   * reached (no {@code --add-opens}, another version of the provider).
   */
  static Optional<CardHandle> of(Card card) {
    Field[] f = FIELDS.get(card.getClass());
    if (f == null) {
      return Optional.empty();
    }
    try {
      Object handle = f[0].get(card);
      if (!(handle instanceof Number n)) {
        return Optional.empty();
      }
      return Optional.of(new CardHandle(n.longValue(), f[1].getInt(card)));
    } catch (IllegalAccessException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code card}'s provider is one whose handle can be read. */
  static boolean known(Card card) {
    return reachable(card.getClass());
  }

  /** Whether the handle of a card of class {@code type} can be read. */
  static boolean reachable(Class<?> type) {
    return FIELDS.get(type) != null;
  }

  private static Field[] fields(Class<?> type, String handle, String protocol) {
    try {
      Field h = type.getDeclaredField(handle);
      Field p = type.getDeclaredField(protocol);
      if (p.getType() != int.class) {
        return null;
      }
      h.setAccessible(true);
      p.setAccessible(true);
      return new Field[] {h, p};
    } catch (ReflectiveOperationException | RuntimeException e) {
      // InaccessibleObjectException without --add-opens; another version's fields
      return null;
    }
  }
}
