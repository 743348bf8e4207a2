package io.github.jpki4j.jpki;

import io.github.jpki4j.apdu.CardReaders;

/**
 * A card in a PC/SC reader as {@link PresentCards#identify} found it, without a PIN: a My Number
 * Card has its auth key's SSH fingerprint, any other card a reason why not.
 *
 * @param reader the reader holding it
 * @param fingerprint {@code SHA256:…} as {@code ssh-keygen -l} prints it, or {@code null}
 * @param problem why there is no fingerprint ("not a My Number Card", "not readable: …"), or {@code
 *     null}
 */
public record PresentCard(CardReaders.Reader reader, String fingerprint, String problem) {

  /** Whether the card is a My Number Card whose auth key was read. */
  public boolean identified() {
    return fingerprint != null;
  }

  /** {@code reader 'NAME': SHA256:…}, or the reader and the problem, for messages. */
  public String describe() {
    return "reader '" + reader.name() + "': " + (identified() ? fingerprint : problem);
  }
}
