package io.github.jpki4j.ssh;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * One line of an {@code authorized_keys} or {@code .pub} file holding an RSA key: {@code [options]
 * ssh-rsa BASE64 [comment]} (sshd(8), AUTHORIZED_KEYS FILE FORMAT).
 *
 * <p>{@link #toString()} writes the line, without a terminator; {@link #parse} reads one the way
 * sshd does: options are present when the first field is not a key type, and may hold double-quoted
 * values with spaces ({@code command="echo hi",no-pty}); the comment is everything after the key,
 * and may be missing.
 *
 * @param options the options field exactly as written (e.g. {@code expiry-time="20301026"}), or the
 *     empty string for none
 * @param key the key
 * @param comment the comment, or the empty string for none
 */
public record AuthorizedKeysLine(String options, RsaSshPublicKey key, String comment) {
  private static final Set<String> OTHER_KEY_TYPES =
      Set.of(
          "ssh-dss",
          "ssh-ed25519",
          "ssh-ed448",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com",
          "ssh-xmss@openssh.com");

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the options have an unterminated quote, unquoted whitespace
   *     or a line break, or the comment has a line break
   */
  public AuthorizedKeysLine {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(comment, "comment");
    if (!options.isEmpty()
        && (optionsEnd(options, 0) != options.length() || options.startsWith("#"))) {
      throw new IllegalArgumentException(
          "options must be one field: no unquoted whitespace, quotes closed, no leading #");
    }
    if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a key comment cannot contain a line break");
    }
  }

  /** A line with no options. */
  public static AuthorizedKeysLine of(RsaSshPublicKey key, String comment) {
    return new AuthorizedKeysLine("", key, comment);
  }

  /**
   * The option {@code expiry-time="YYYYMMDD"}, which makes sshd refuse the key after that date
   * begins (in the server's local time zone).
   */
  public static String expiryTimeOption(LocalDate date) {
    // the formatter named here, not held in a field: a line without the option (ssh-key's) then
    // initialises no DateTimeFormatter, some ms of a cold start
    return "expiry-time=\"" + date.format(DateTimeFormatter.BASIC_ISO_DATE) + "\"";
  }

  /**
   * Parses one line. A trailing {@code \n} or {@code \r\n} is ignored, as is whitespace around the
   * fields.
   *
   * @throws SshFormatException if the line is empty or a {@code #} comment, has no key, holds a key
   *     of another type (the message names the type), its key data is malformed, or it is more than
   *     one line (a CR or LF before its end)
   */
  public static AuthorizedKeysLine parse(String line) throws SshFormatException {
    String s = line;
    while (s.endsWith("\n") || s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      // no field may hold one, the comment included (the constructor refuses it)
      throw new SshFormatException("a key line cannot contain a line break before its end");
    }
    int p = skipBlanks(s, 0);
    if (p == s.length()) {
      throw new SshFormatException("empty key line");
    }
    if (s.charAt(p) == '#') {
      throw new SshFormatException("comment line, not a key");
    }
    String options = "";
    String first = s.substring(p, fieldEnd(s, p));
    if (!isKeyType(first)) {
      // as sshd: a first field that is not a key type is the options
      int end = optionsEnd(s, p);
      if (end < 0) {
        throw new SshFormatException("unterminated quote in key options");
      }
      options = s.substring(p, end);
      p = skipBlanks(s, end);
      if (p == s.length()) {
        throw new SshFormatException("no key type found in the line");
      }
      String type = s.substring(p, fieldEnd(s, p));
      if (!isKeyType(type)) {
        throw new SshFormatException(
            "unknown key type "
                + RsaSshPublicKey.printable(type)
                + "; only "
                + RsaSshPublicKey.KEY_TYPE
                + " is supported");
      }
    }
    int typeEnd = fieldEnd(s, p);
    String type = s.substring(p, typeEnd);
    if (!RsaSshPublicKey.KEY_TYPE.equals(type)) {
      throw new SshFormatException(
          "not an RSA key: key type is "
              + RsaSshPublicKey.printable(type)
              + ", only "
              + RsaSshPublicKey.KEY_TYPE
              + " is supported");
    }
    int b64Start = skipBlanks(s, typeEnd);
    if (b64Start == s.length()) {
      throw new SshFormatException("key line has no key data after " + type);
    }
    int b64End = fieldEnd(s, b64Start);
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(s.substring(b64Start, b64End));
    } catch (IllegalArgumentException e) {
      throw new SshFormatException("key data is not valid base64", e);
    }
    RsaSshPublicKey key = RsaSshPublicKey.fromBlob(blob);
    String comment = s.substring(skipBlanks(s, b64End)).stripTrailing();
    return new AuthorizedKeysLine(options, key, comment);
  }

  /** The line, without a line terminator: {@code [options ]ssh-rsa BASE64[ comment]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (!options.isEmpty()) {
      b.append(options).append(' ');
    }
    b.append(RsaSshPublicKey.KEY_TYPE).append(' ').append(key.base64Blob());
    if (!comment.isEmpty()) {
      b.append(' ').append(comment);
    }
    return b.toString();
  }

  private static boolean isKeyType(String field) {
    return field.equals(RsaSshPublicKey.KEY_TYPE)
        || OTHER_KEY_TYPES.contains(field)
        || field.endsWith("-cert-v01@openssh.com");
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static int skipBlanks(String s, int p) {
    while (p < s.length() && isBlank(s.charAt(p))) {
      p++;
    }
    return p;
  }

  private static int fieldEnd(String s, int p) {
    while (p < s.length() && !isBlank(s.charAt(p))) {
      p++;
    }
    return p;
  }

  // end of the options field as sshd finds it: whitespace ends it unless inside "..."; \" escapes
  // a quote; -1 for an unterminated quote. Line breaks never belong to it.
  private static int optionsEnd(String s, int p) {
    boolean quoted = false;
    for (; p < s.length(); p++) {
      char c = s.charAt(p);
      if (c == '\n' || c == '\r') {
        return quoted ? -1 : p;
      }
      if (!quoted && isBlank(c)) {
        return p;
      }
      if (c == '\\' && p + 1 < s.length() && s.charAt(p + 1) == '"') {
        p++;
      } else if (c == '"') {
        quoted = !quoted;
      }
    }
    return quoted ? -1 : p;
  }
}
